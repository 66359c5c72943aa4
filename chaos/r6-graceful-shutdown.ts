// R6: graceful shutdown. `maestro serve` gets SIGTERM while fake agents run and a client keeps
// writing: it must exit 0, leave no agent or runner process, have every session ended, every
// line its agents printed stored, every write it acknowledged kept, and free its port.
import { killLeftovers, lastTick, liveProcessesOf, processesNaming, startSessions } from "./agents";
import { type LiveFixture, setUpLiveHome, untilAgentsStarted } from "./live-sessions";
import { missingWrites, tornWrites } from "./check-writes";
import type { ChaosFixture, ChaosMode, ChaosPromise, TrialResult } from "./promise";
import { ownerClient, sleep, startServe } from "./serve";
import { readStored, storedProject, storedSession } from "./stored";
import { type AckLog, writeLoad } from "./write-load";

/** Agents get 5 s between SIGTERM and SIGKILL; a clean shutdown takes far less than this. */
const SHUTDOWN_LIMIT_MS = 20_000;

interface R6Fixture extends LiveFixture {
  acked: AckLog;
}

async function setup(): Promise<R6Fixture> {
  return Object.assign(await setUpLiveHome("TERM"), { acked: new Map() });
}

/** After the exit, from the database: sessions ended with all their output, acknowledged writes kept. */
async function judgeStored(fixture: R6Fixture, ids: string[]): Promise<string[]> {
  return await readStored(fixture.home, async (database) => {
    const integrity = await database.integrityCheck();
    if (integrity !== "ok") return [`integrity_check: ${integrity}`];
    const problems: string[] = [];
    for (const id of ids) {
      const { session, output } = await storedSession(database, id);
      if (!session?.endedAt) problems.push(`session ${id} left ${session?.status ?? "missing"} by a clean shutdown`);
      const tick = lastTick(fixture.startsFile, id);
      if (tick !== undefined && !output.includes(`tick ${tick}\n`)) {
        problems.push(`session ${id}: "tick ${tick}" printed but not stored`);
      }
    }
    const stored = await storedProject(database, fixture.projectId);
    const tasks = new Map(stored.tasks.map((task) => [task.id, task]));
    return [...problems, ...missingWrites(fixture.acked, tasks), ...tornWrites(stored)];
  });
}

/** Right after the exit: nothing of the sessions, and no runner, is left running. */
function judgeProcesses(fixture: R6Fixture, ids: string[]): string[] {
  const problems = [...liveProcessesOf(ids)].map(
    ([id, pids]) => `session ${id}: ${pids.length} process(es) outlived the server`,
  );
  const runners = processesNaming(fixture.home);
  if (runners.length) {
    problems.push(`${runners.length} process(es) of the server's home outlived it (pids ${runners.join(", ")})`);
  }
  return problems;
}

async function trial(_index: number, base: ChaosFixture, mode: ChaosMode): Promise<TrialResult> {
  const fixture = base as R6Fixture;
  const client = ownerClient(fixture.serve);
  const ids = (
    await startSessions(client, { projectId: fixture.projectId, agent: "fake", count: mode.quick ? 2 : 3 })
  ).map((s) => s.id);
  fixture.sessionIds.push(...ids);
  await untilAgentsStarted(fixture, ids);
  const load = writeLoad({ clients: [ownerClient(fixture.serve)], projectId: fixture.projectId, acked: fixture.acked });
  await sleep(200 + Math.random() * 800);
  const stopping = performance.now();
  const code = await fixture.serve.stop(SHUTDOWN_LIMIT_MS);
  const measure = Math.round(performance.now() - stopping);
  const problems = judgeProcesses(fixture, ids);
  const { refusals } = await load;
  if (code !== 0) problems.push(`exited ${code} on SIGTERM`);
  if (!fixture.serve.stderr().includes("received SIGTERM, shutting down…")) problems.push("no shutdown message");
  problems.push(
    ...refusals.map((why) => `a write during shutdown was answered ${why}`),
    ...(await judgeStored(fixture, ids)),
  );
  killLeftovers(ids);
  // The port is free again: the next server starts on it at once.
  fixture.serve = await startServe({ home: fixture.home, port: fixture.serve.port });
  return problems.length ? { ok: false, failure: problems.slice(0, 3).join("; "), measure } : { ok: true, measure };
}

export const r6GracefulShutdown: ChaosPromise = {
  id: "R6",
  promise: "SIGTERM with live agents and writes: exit 0, output stored, no orphan (shutdown ms)",
  trials: { full: 5, quick: 1 },
  unit: (ms) => `${ms} ms to exit`,
  setup,
  trial,
};
