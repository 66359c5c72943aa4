// What the trials with live agents share: a server on its own home with a project and the fake
// agent profile, sessions started and watched until they tell the truth, and a clean-up.
import { join } from "node:path";
import type { Session } from "@maestro/domain";
import { addFakeAgent, isLive, killLeftovers, liveProcessesOf, sessionLies, startsPerSession } from "./agents";
import type { ChaosFixture } from "./promise";
import {
  type Client,
  type Serve,
  type ServeOptions,
  makeHome,
  removeHome,
  startServe,
  ownerClient,
  until,
} from "./serve";

export interface LiveFixture extends ChaosFixture {
  home: string;
  serve: Serve;
  projectId: string;
  /** Where the fake agent records every start. */
  startsFile: string;
  /** Every session a trial started: whatever is left of them is killed at teardown. */
  sessionIds: string[];
}

/** A home with a server (`maestro serve`, or `serverOnly`), a project `key` and the "fake" agent profile. */
export async function setUpLiveHome(key: string, serverOnly?: ServeOptions["serverOnly"]): Promise<LiveFixture> {
  const home = makeHome(key.toLowerCase());
  const fixture = { home, startsFile: join(home, "agent-starts.txt"), sessionIds: [] } as unknown as LiveFixture;
  fixture.serve = await startServe({ home, serverOnly });
  const client = ownerClient(fixture.serve);
  fixture.projectId = (await client.project.create.mutate({ name: key, rootDir: home, key })).id;
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

/** Resolves once every one of these sessions' agents has recorded its start. */
export function untilAgentsStarted(fixture: LiveFixture, ids: string[]): Promise<true> {
  const isStarted = () => ids.every((id) => startsPerSession(fixture.startsFile).has(id));
  return until("every agent to start", () => (isStarted() ? true : undefined), 20_000);
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

/** Stops what still runs (sessions a new runner picked up) and waits until none of their processes is left. */
export async function stopAll(client: Client, ids: string[]): Promise<void> {
  for (const session of await sessionsNow(client, ids)) {
    if (isLive(session) || session.status === "queued") await client.session.stop.mutate({ id: session.id });
  }
  const isGone = () => liveProcessesOf(ids).size === 0;
  await until("the stopped agents to be gone", () => (isGone() ? true : undefined), 15_000).catch(() =>
    killLeftovers(ids),
  );
}
