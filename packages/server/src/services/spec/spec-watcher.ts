import { type FSWatcher, existsSync, mkdirSync, watch } from "node:fs";
import {
  findProjectById,
  findSpecById,
  findSpecItemOfTask,
  latestDocument,
  listSpecTaskLinks,
  listSpecs,
  listTasks,
  updateSpec,
} from "@maestro/db";
import {
  DOCUMENT_FILES,
  DOCUMENT_PHASES,
  type DocumentPhase,
  type MaestroEvent,
  type Task,
  messageOf,
  setTaskChecked,
} from "@maestro/domain";
import type { Context } from "../../context";
import { inTransaction } from "../unit-of-work";
import { saveVersion } from "./save-version";
import { specDir } from "./spec-files";
import { syncSpecFiles } from "./sync-spec";

export interface SpecSync {
  stop(): void;
}

const PHASE_OF_FILE = new Map<string, DocumentPhase>(DOCUMENT_PHASES.map((phase) => [DOCUMENT_FILES[phase], phase]));

/**
 * Keeps spec folders and versions in step: a disk edit (checked at start-up, then watched with
 * a short debounce) becomes a new version, and a spec task reaching done ticks its box in
 * tasks.md. `diskCtx` records disk edits, `systemCtx` the ticks.
 */
export function startSpecSync(
  diskCtx: Context,
  systemCtx: Context,
  options: { log: (line: string) => void; debounceMs?: number },
): SpecSync {
  const debounceMs = options.debounceMs ?? 150;
  const watchers = new Map<string, FSWatcher>();
  const timers = new Map<string, NodeJS.Timeout>();
  let isStopped = false;

  const sync = (specId: string, phases: DocumentPhase[]) => {
    try {
      syncSpecFiles(diskCtx, specId, phases);
    } catch (error) {
      options.log(`spec sync: ${messageOf(error)}`);
    }
  };
  const schedule = (specId: string, phase: DocumentPhase) => {
    const key = `${specId}:${phase}`;
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        if (!isStopped) sync(specId, [phase]);
      }, debounceMs),
    );
  };
  const watchSpec = (specId: string) => {
    if (isStopped || watchers.has(specId)) return;
    const spec = findSpecById(diskCtx.database.db, specId);
    const project = spec && findProjectById(diskCtx.database.db, spec.projectId);
    if (!spec || !project) return;
    const dir = specDir(project.rootDir, spec.slug);
    if (!existsSync(project.rootDir)) return;
    // The folder exists from the start, so a first document written by hand or by an agent is seen.
    mkdirSync(dir, { recursive: true });
    try {
      const watcher = watch(dir, (_type, filename) => {
        const phase = filename ? PHASE_OF_FILE.get(String(filename)) : undefined;
        if (phase) schedule(specId, phase);
      });
      watcher.on("error", () => {
        watcher.close();
        watchers.delete(specId);
      });
      watchers.set(specId, watcher);
    } catch (error) {
      options.log(`cannot watch ${dir}: ${messageOf(error)}`);
    }
  };

  for (const spec of listSpecs(diskCtx.database.db)) {
    sync(spec.id, [...DOCUMENT_PHASES]);
    watchSpec(spec.id);
  }
  const removeListener = diskCtx.events.onEvent((event: MaestroEvent) => {
    // After the publishing transaction, never inside it: the reaction writes on its own.
    if (event.kind === "spec.created" || event.kind === "spec.versioned") setImmediate(() => watchSpec(event.entityId));
    if (event.kind === "task.updated" && event.payload.changed.includes("status") && event.payload.task.specId) {
      const task = event.payload.task;
      setImmediate(() => {
        if (isStopped) return;
        try {
          reflectTaskStatus(systemCtx, task);
        } catch (error) {
          options.log(`spec checkbox for ${task.key}: ${messageOf(error)}`);
        }
      });
    }
  });

  return {
    stop() {
      isStopped = true;
      removeListener();
      for (const timer of timers.values()) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

/** Ticks (or clears) the task's box in tasks.md; a spec whose tasks are all done is done. */
export function reflectTaskStatus(ctx: Context, task: Task): void {
  inTransaction(ctx, (tx, record) => {
    const link = findSpecItemOfTask(tx, task.id);
    const spec = link && findSpecById(tx, link.specId);
    const latest = spec && latestDocument(tx, spec.id, "tasks");
    if (!link || !spec || !latest) return;
    const text = setTaskChecked(latest.text, link.item, task.status === "done");
    const saved = saveVersion(tx, record, { spec, phase: "tasks", text, author: "maestro", source: "system" });
    const current = saved?.spec ?? spec;
    if (current.phase !== "implementation") return;
    const linked = new Set(listSpecTaskLinks(tx, spec.id).values());
    const tasks = listTasks(tx, { projectId: spec.projectId }).filter((candidate) => linked.has(candidate.id));
    if (tasks.length === 0 || tasks.some((candidate) => candidate.status !== "done")) return;
    const done = updateSpec(tx, spec.id, { phase: "done", status: "done" });
    record({
      kind: "spec.updated",
      entity: "spec",
      entityId: spec.id,
      projectId: spec.projectId,
      payload: { spec: done, changed: ["phase", "status"] },
    });
  });
}
