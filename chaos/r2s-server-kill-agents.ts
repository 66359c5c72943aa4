// R2s: the server dying while agents run never leaves a lie. `maestro serve` (with its runner)
// is killed with kill -9 at a random moment after sessions of a fake agent were started; once
// restarted on the same home, every session must be reconciled within one lease — running with
// its process alive, or ended with none left — and no agent may have started twice.
import { sessionLies, startSessions } from "./agents";
import { type LiveFixture, reconcile, sessionsNow, setUpLiveHome, stopAll } from "./live-sessions";
import type { ChaosFixture, ChaosMode, ChaosPromise, TrialResult } from "./promise";
import { ownerClient, sleep, startServe } from "./serve";

/** The server's default lease: a session whose runner is silent this long is interrupted. */
const DEFAULT_LEASE_MS = 30_000;
/** A second start would have happened by now: the runner polls for work every second. */
const RERUN_WATCH_MS = 1_500;

async function trial(_index: number, base: ChaosFixture, mode: ChaosMode): Promise<TrialResult> {
  const fixture = base as LiveFixture;
  const sessions = await startSessions(ownerClient(fixture.serve), {
    projectId: fixture.projectId,
    agent: "fake",
    count: mode.quick ? 2 : 3,
  });
  const ids = sessions.map((session) => session.id);
  fixture.sessionIds.push(...ids);
  // From "just asked for" (queued, starting) to long running.
  await sleep(Math.random() * (mode.quick ? 1_000 : 2_500));
  await fixture.serve.crash();
  const crashed = performance.now();
  fixture.serve = await startServe({ home: fixture.home, port: fixture.serve.port });
  const client = ownerClient(fixture.serve);
  const problems = await reconcile(client, ids, { startsFile: fixture.startsFile, timeoutMs: DEFAULT_LEASE_MS });
  const measure = Math.round(performance.now() - crashed);
  await sleep(RERUN_WATCH_MS);
  problems.push(...sessionLies(await sessionsNow(client, ids), fixture.startsFile));
  await stopAll(client, ids);
  return problems.length
    ? { ok: false, failure: [...new Set(problems)].slice(0, 3).join("; "), measure }
    : { ok: true, measure };
}

export const r2sServerKillAgents: ChaosPromise = {
  id: "R2s",
  promise: "kill -9 of the server with live agents: reconciled within a lease, no orphan, none run twice (ms)",
  trials: { full: 10, quick: 1 },
  unit: (ms) => `${ms} ms to reconcile`,
  setup: () => setUpLiveHome("LIVE"),
  trial,
};
