import { type FSWatcher, existsSync, mkdirSync, watch } from "node:fs";
import { findProjectById, findSpecById, listSpecs } from "@maestro/db";
import {
  DOCUMENT_FILES,
  DOCUMENT_PHASES,
  type DocumentPhase,
  type MaestroEvent,
  type Task,
  messageOf,
} from "@maestro/domain";
import type { Context } from "../../context";
import { reflectTaskStatus } from "./reflect-task-status";
import { specDir } from "./spec-files";
import { syncSpecFiles } from "./sync-spec";

export interface SpecSync {
  stop(): void;
}

const PHASE_OF_FILE = new Map<string, DocumentPhase>(DOCUMENT_PHASES.map((phase) => [DOCUMENT_FILES[phase], phase]));

/** What the watch over every spec folder keeps; its steps log failures and go on. */
interface WatchState {
  readonly diskCtx: Context;
  readonly systemCtx: Context;
  readonly log: (line: string) => void;
  readonly debounceMs: number;
  readonly watchers: Map<string, FSWatcher>;
  /** One pending sync per `specId:phase`: an editor's burst of writes becomes one version. */
  readonly timers: Map<string, NodeJS.Timeout>;
  isStopped: boolean;
}

async function syncQuietly(state: WatchState, specId: string, phases: DocumentPhase[]): Promise<void> {
  try {
    await syncSpecFiles(state.diskCtx, specId, phases);
  } catch (error) {
    state.log(`spec sync: ${messageOf(error)}`);
  }
}

function scheduleSync(state: WatchState, specId: string, phase: DocumentPhase): void {
  const key = `${specId}:${phase}`;
  clearTimeout(state.timers.get(key));
  const timer = setTimeout(() => {
    state.timers.delete(key);
    if (!state.isStopped) void syncQuietly(state, specId, [phase]);
  }, state.debounceMs);
  state.timers.set(key, timer);
}

/** The spec's folder, created if missing; null when the spec or its project's root is gone. */
async function ensureSpecFolder(state: WatchState, specId: string): Promise<string | null> {
  const spec = await findSpecById(state.diskCtx.database.db, specId);
  const project = spec && (await findProjectById(state.diskCtx.database.db, spec.projectId));
  if (!spec || !project || !existsSync(project.rootDir)) return null;
  const dir = specDir(project.rootDir, spec.slug);
  // The folder exists from the start, so a first document written by hand or by an agent is seen.
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function watchSpec(state: WatchState, specId: string): Promise<void> {
  if (state.isStopped || state.watchers.has(specId)) return;
  const dir = await ensureSpecFolder(state, specId);
  // Looked up asynchronously: the watch may have stopped, or another call watched it, meanwhile.
  if (!dir || state.isStopped || state.watchers.has(specId)) return;
  try {
    const watcher = watch(dir, (_type, filename) => {
      const phase = filename ? PHASE_OF_FILE.get(String(filename)) : undefined;
      if (phase) scheduleSync(state, specId, phase);
    });
    // A folder that went away (or a watch the system dropped) is watched again once the spec changes.
    watcher.on("error", () => {
      watcher.close();
      state.watchers.delete(specId);
    });
    state.watchers.set(specId, watcher);
  } catch (error) {
    state.log(`cannot watch ${dir}: ${messageOf(error)}`);
  }
}

async function reflectQuietly(state: WatchState, task: Task): Promise<void> {
  if (state.isStopped) return;
  try {
    await reflectTaskStatus(state.systemCtx, task);
  } catch (error) {
    state.log(`spec checkbox for ${task.key}: ${messageOf(error)}`);
  }
}

/** After the publishing transaction, never inside it: each reaction writes on its own. */
function reactTo(state: WatchState, event: MaestroEvent): void {
  if (event.kind === "spec.created" || event.kind === "spec.versioned") {
    const specId = event.entityId;
    setImmediate(() => {
      watchSpec(state, specId).catch((error) => state.log(`cannot watch spec ${specId}: ${messageOf(error)}`));
    });
  }
  if (event.kind === "task.updated" && event.payload.changed.includes("status") && event.payload.task.specId) {
    const { task } = event.payload;
    setImmediate(() => void reflectQuietly(state, task));
  }
}

function stopWatching(state: WatchState): void {
  state.isStopped = true;
  for (const timer of state.timers.values()) clearTimeout(timer);
  for (const watcher of state.watchers.values()) watcher.close();
  state.watchers.clear();
}

/**
 * Keeps spec folders and versions in step: a disk edit (checked at start-up, then watched with
 * a short debounce) becomes a new version, and a spec task reaching done ticks its box in
 * tasks.md. `diskCtx` records disk edits, `systemCtx` the ticks.
 */
export async function startSpecSync(
  diskCtx: Context,
  systemCtx: Context,
  options: { log: (line: string) => void; debounceMs?: number },
): Promise<SpecSync> {
  const state: WatchState = {
    diskCtx,
    systemCtx,
    log: options.log,
    debounceMs: options.debounceMs ?? 150,
    watchers: new Map(),
    timers: new Map(),
    isStopped: false,
  };
  for (const spec of await listSpecs(diskCtx.database.db)) {
    await syncQuietly(state, spec.id, [...DOCUMENT_PHASES]);
    await watchSpec(state, spec.id);
  }
  const removeListener = diskCtx.events.onEvent((event) => reactTo(state, event));
  return {
    stop() {
      removeListener();
      stopWatching(state);
    },
  };
}
