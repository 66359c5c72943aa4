import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startTimeOf } from "../src/process-group";

// R2r (found by the chaos suite): a runner killed with kill -9 left its agents running with no
// one supervising them; the server ended their sessions, and the processes ran on.

const HOST = fileURLToPath(new URL("./fixtures/reaper-host.ts", import.meta.url));
const groups: number[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const pgid of groups.splice(0)) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // Gone, as it should be.
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Pids of the live (not zombie) processes of group `pgid`, from /proc. */
function membersOf(pgid: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, "latin1");
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return Number(pgrp) === pgid && state !== "Z" && state !== "X";
      } catch {
        return false;
      }
    })
    .map(Number);
}

const until = async (probe: () => boolean, ms: number): Promise<boolean> => {
  const deadline = Date.now() + ms;
  while (!probe() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return probe();
};

/** Starts the stand-in runner with its heartbeat agent; resolves once the agent and its grandchild beat. */
async function startHost(mode: "watch" | "stale") {
  const dir = mkdtempSync(join(tmpdir(), "maestro-reaper-"));
  dirs.push(dir);
  const host = spawn(process.execPath, ["--import", "tsx", HOST, mode, dir], { stdio: "ignore" });
  const isBeating = () => ["pids", "agent.beat", "grandchild.beat"].every((file) => existsSync(join(dir, file)));
  expect(await until(isBeating, 15_000)).toBe(true);
  const [agent, grandchild] = readFileSync(join(dir, "pids"), "utf8").trim().split(" ").map(Number);
  groups.push(agent!);
  return { host, dir, agent: agent!, grandchild: grandchild! };
}

async function killHost(host: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => host.once("exit", resolve));
  host.kill("SIGKILL");
  await exited;
}

const lastBeat = (dir: string, file: string) => statSync(join(dir, file)).mtimeMs;

describe("the agent reaper", () => {
  it("stops the whole tree of an agent whose runner was killed with kill -9, within about a second", async () => {
    const { host, dir, agent, grandchild } = await startHost("watch");
    expect(membersOf(agent)).toContain(grandchild);
    await killHost(host);
    const killedAt = Date.now();
    // The grandchild ignores SIGTERM: only the SIGKILL after the 1 s grace ends it.
    expect(await until(() => membersOf(agent).length === 0, 5_000)).toBe(true);
    expect(Date.now() - killedAt).toBeLessThan(3_000);
    const beats = [lastBeat(dir, "agent.beat"), lastBeat(dir, "grandchild.beat")];
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([lastBeat(dir, "agent.beat"), lastBeat(dir, "grandchild.beat")]).toEqual(beats);
  }, 30_000);

  it("regression: never signals a group whose leader is no longer the process it watched (a reused pid)", async () => {
    const { host, agent, grandchild } = await startHost("stale");
    await killHost(host);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(membersOf(agent)).toEqual(expect.arrayContaining([agent, grandchild]));
  }, 30_000);
});

describe("startTimeOf", () => {
  it("names a process's start (constant while it runs), and nothing once it is gone", async () => {
    const child = spawn("sleep", ["30"], { stdio: "ignore" });
    const startTime = startTimeOf(child.pid!);
    expect(startTime).toMatch(/^\d+$/);
    expect(Number(startTime)).toBeGreaterThanOrEqual(Number(startTimeOf(process.pid)));
    expect(startTimeOf(child.pid!)).toBe(startTime);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(startTimeOf(child.pid!)).toBeNull();
  });
});
