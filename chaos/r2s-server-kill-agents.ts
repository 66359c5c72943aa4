// R2s: the server dying while agents run never leaves a lie. `maestro serve` (with its runner)
// is killed with kill -9 at a random moment after sessions of a fake agent were started; once
// restarted on the same home, every session must be reconciled within one lease — running with
// its process alive, or ended with none left — and no agent may have started twice.
import { join } from "node:path";
import type { Session } from "@maestro/domain";
import { addFakeAgent, isLive, killLeftovers, liveProcessesOf, sessionLies, startSessions } from "./agents";
import type { ChaosFixture, ChaosMode, ChaosPromise, TrialResult } from "./promise";
import { type Client, type Serve, makeHome, ownerClient, removeHome, sleep, startServe, until } from "./serve";

/** The server's default lease: a session whose runner is silent this long is interrupted. */
export const DEFAULT_LEASE_MS = 30_000;
/** A second start would have happened by now: the runner polls for work every second. */
const RERUN_WATCH_MS = 1_500;

interface R2sFixture extends ChaosFixture {
  home: string;
  serve: Serve;
  projectId: string;
  startsFile: string;
  sessionIds: string[];
}

async function setup(): Promise<R2sFixture> {
  const home = makeHome("r2s");
  const fixture = { home, startsFile: join(home, "agent-starts.txt"), sessionIds: [] } as unknown as R2sFixture;
  fixture.serve = await startServe({ home });
  const client = ownerClient(fixture.serve);
  fixture.projectId = (await client.project.create.mutate({ name: "R2s", rootDir: home, key: "LIVE" })).id;
  await addFakeAgent(client, "fake", fixture.startsFile);
  fixture.teardown = async () => {
    await fixture.serve.stop();
    killLeftovers(fixture.sessionIds);
    removeHome(home);
  };
  return fixture;
}

export async function sessionsNow(client: Client, ids: string[]): Promise<Session[]> {
  return Promise.all(ids.map((id) => client.session.byId.query({ id })));
}

const isSettled = (sessions: Session[]) => !sessions.some((session) => session.status === "starting");

/**
 * Polls until no session lies and all are `settled` (default: none between states); what was
 * still untrue if that took longer than `timeoutMs`.
 */
export async function reconcile(
  client: Client,
  ids: string[],
  options: { startsFile: string; timeoutMs: number; settled?: (sessions: Session[]) => boolean },
): Promise<string[]> {
  const settled = options.settled ?? isSettled;
  let lies: string[] = [];
  let sessions: Session[] = [];
  try {
    await until(
      "every session to be reconciled",
      async () => {
        sessions = await sessionsNow(client, ids);
        lies = sessionLies(sessions, options.startsFile);
        return lies.length === 0 && settled(sessions) ? true : undefined;
      },
      options.timeoutMs,
    );
    return [];
  } catch {
    const states = sessions.map((session) => session.status).join(", ");
    return lies.length ? lies : [`not reconciled in ${options.timeoutMs} ms (sessions ${states})`];
  }
}

/** Stops what still runs (sessions the new runner picked up) and waits until none of their processes is left. */
export async function stopAll(client: Client, ids: string[]): Promise<void> {
  for (const session of await sessionsNow(client, ids)) {
    if (isLive(session) || session.status === "queued") await client.session.stop.mutate({ id: session.id });
  }
  await until(
    "the stopped agents to be gone",
    () => (liveProcessesOf(ids).size === 0 ? true : undefined),
    15_000,
  ).catch(() => killLeftovers(ids));
}

async function trial(_index: number, base: ChaosFixture, mode: ChaosMode): Promise<TrialResult> {
  const fixture = base as R2sFixture;
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
  setup,
  trial,
};
