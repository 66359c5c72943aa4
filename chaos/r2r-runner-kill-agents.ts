// R2r: a runner dying while its agents run never leaves a lie. A remote `maestro runner` is
// killed with kill -9 while its fake agents run: every session must end (interrupted) within one
// lease plus one watchdog sweep, no agent process may be left, and none may have started twice.
import { join } from "node:path";
import { addFakeAgent, killLeftovers, startSessions, startsPerSession } from "./agents";
import type { ChaosFixture, ChaosMode, ChaosPromise, TrialResult } from "./promise";
import { reconcile, stopAll } from "./r2s-server-kill-agents";
import { startRunner } from "./runner-process";
import { type Serve, makeHome, ownerClient, removeHome, sleep, startServe, until } from "./serve";

/** Short, so a trial takes seconds; still longer than the runner's 5 s heartbeat. */
const LEASE_MS = 8_000;
/** The server's watchdog looks for silent runners this often. */
const SWEEP_MS = 2_000;

interface R2rFixture extends ChaosFixture {
  home: string;
  serve: Serve;
  projectId: string;
  startsFile: string;
  sessionIds: string[];
}

async function setup(): Promise<R2rFixture> {
  const home = makeHome("r2r");
  const fixture = { home, startsFile: join(home, "agent-starts.txt"), sessionIds: [] } as unknown as R2rFixture;
  fixture.serve = await startServe({ home, serverOnly: { leaseMs: LEASE_MS } });
  const client = ownerClient(fixture.serve);
  fixture.projectId = (await client.project.create.mutate({ name: "R2r", rootDir: home, key: "REMOTE" })).id;
  await addFakeAgent(client, "fake", fixture.startsFile);
  fixture.teardown = async () => {
    await fixture.serve.stop();
    killLeftovers(fixture.sessionIds);
    removeHome(home);
  };
  return fixture;
}

async function trial(index: number, base: ChaosFixture, mode: ChaosMode): Promise<TrialResult> {
  const fixture = base as R2rFixture;
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
    await until(
      "every agent to start",
      () => (ids.every((id) => startsPerSession(fixture.startsFile).has(id)) ? true : undefined),
      20_000,
    );
    await sleep(Math.random() * 1_000);
    await runner.crash();
    const crashed = performance.now();
    const problems = await reconcile(client, ids, {
      startsFile: fixture.startsFile,
      timeoutMs: LEASE_MS + SWEEP_MS + 1_000,
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
  setup,
  trial,
};
