import { readFileSync, readdirSync } from "node:fs";
import { freemem } from "node:os";

const MIB = 1024 * 1024;

interface ProcessEntry {
  pid: number;
  ppid: number;
  pgrp: number;
}

/** Parent and process group of every process, from one pass over /proc (empty where there is none). */
function listProcesses(): ProcessEntry[] {
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return [];
  }
  const entries: ProcessEntry[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "latin1");
      // The command name in parentheses may hold spaces: the fields after its last ")" do not.
      const [, ppid = "", pgrp = ""] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      entries.push({ pid: Number(name), ppid: Number(ppid), pgrp: Number(pgrp) });
    } catch {
      // It ended between the listing and the read.
    }
  }
  return entries;
}

/** Resident memory of one process in KiB (0 once it is gone, or for a zombie). */
function readRssKib(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "latin1"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * The members of each process group and all their descendants: a child that moved to a group or
 * session of its own (a sandbox's --new-session, a daemonising tool) is still the agent's memory.
 */
function treesOf(processes: ProcessEntry[], pgids: readonly number[]): Map<number, Set<number>> {
  const children = new Map<number, number[]>();
  const groups = new Map<number, number[]>();
  for (const { pid, ppid, pgrp } of processes) {
    pushTo(children, ppid, pid);
    pushTo(groups, pgrp, pid);
  }
  return new Map(pgids.map((pgid) => [pgid, withDescendants(groups.get(pgid) ?? [], children)]));
}

function pushTo(lists: Map<number, number[]>, key: number, value: number): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

function withDescendants(roots: number[], children: ReadonlyMap<number, number[]>): Set<number> {
  const tree = new Set(roots);
  const pending = [...roots];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    for (const child of children.get(pid) ?? []) {
      if (tree.has(child)) continue;
      tree.add(child);
      pending.push(child);
    }
  }
  return tree;
}

/**
 * The resident memory (MiB) of each process group's whole tree: the sum of its processes' VmRSS
 * (shared pages count in each process, so it errs high, which is the safe side for admission).
 * One pass over /proc for every group, however many sessions run.
 */
export function measureGroupsRssMb(pgids: readonly number[]): Map<number, number> {
  const trees = treesOf(pgids.length > 0 ? listProcesses() : [], pgids);
  const measured = new Map<number, number>();
  for (const [pgid, tree] of trees) {
    let kib = 0;
    for (const pid of tree) kib += readRssKib(pid);
    measured.set(pgid, Math.round(kib / 1024));
  }
  return measured;
}

/** This machine's available memory in MiB: MemAvailable (what can be had without swapping), else free memory. */
export function readAvailableMemoryMb(): number {
  try {
    const match = /^MemAvailable:\s+(\d+)\s+kB/m.exec(readFileSync("/proc/meminfo", "latin1"));
    if (match) return Math.round(Number(match[1]) / 1024);
  } catch {
    // Not Linux: the OS's own figure, which counts no reclaimable cache.
  }
  return Math.round(freemem() / MIB);
}
