// R2r: a runner dying while its agents run never leaves a lie. A remote `maestro runner` is
// killed with kill -9 while its fake agents run: every session must end (interrupted) within one
// lease plus one watchdog sweep, no agent process may be left, and none may have started twice.
import { startSessions } from "./agents";
import { type LiveFixture, reconcile, setUpLiveHome, stopAll, untilAgentsStarted } from "./live-sessions";
import type { ChaosFixture, ChaosMode, ChaosPromise, TrialResult } from "./promise";
import { startRunner } from "./runner-process";
import { ownerClient, sleep } from "./serve";

/** Short, so a trial takes seconds; still longer than the runner's 5 s heartbeat. */
const LEASE_MS = 8_000;
/** The server's watchdog looks for silent runners this often. */
const SWEEP_MS = 2_000;

async function trial(index: number, base: ChaosFixture, mode: ChaosMode): Promise<TrialResult> {
  const fixture = base as LiveFixture;
  const client = ownerClient(fixture.serve);
  const runner = await startRunner(fixture.serve, `remote-${index + 1}`);
  try {
    const sessions = await startSessions(client, {
      projectId: fixture.projectId,
      agent: "fake",
      count: mode.quick ? 2 : 3,
    });
    const ids = sessions.map((session) => session.id);
    fixture.sessionIds.push(...ids);
    await untilAgentsStarted(fixture, ids);
    await sleep(Math.random() * 1_000);
    await runner.crash();
    const crashed = performance.now();
    const problems = await reconcile(client, ids, {
      startsFile: fixture.startsFile,
      timeoutMs: LEASE_MS + SWEEP_MS + 2_000,
      settled: (now) => now.every((session) => session.endedAt !== null),
    });
    const measure = Math.round(performance.now() - crashed);
    await stopAll(client, ids);
    return problems.length
      ? { ok: false, failure: [...new Set(problems)].slice(0, 3).join("; "), measure }
      : { ok: true, measure };
  } finally {
    await runner.crash();
  }
}

export const r2rRunnerKillAgents: ChaosPromise = {
  id: "R2r",
  promise: `kill -9 of a runner with live agents: ended within a lease (${LEASE_MS / 1000} s), no orphan, none run twice (ms)`,
  trials: { full: 10, quick: 1 },
  unit: (ms) => `${ms} ms to end`,
  setup: () => setUpLiveHome("REMOTE", { leaseMs: LEASE_MS }),
  trial,
};
