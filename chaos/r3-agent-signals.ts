// R3: a hung (SIGSTOP) or killed (SIGKILL) agent is noticed, ends with the right reason, its
// process group is gone, and autopilot retries it per the task's policy (a second attempt runs).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Session, isSessionEnded } from "@maestro/domain";
import type { ChaosFixture, ChaosPromise, TrialResult } from "./promise";
import { type Client, makeHome, ownerClient, until } from "./serve";
import { PROJECT_KEY, type World, addAgent, fixturePath, startWorld, storedLog } from "./world";

/** The smallest stall limit a task takes; the watchdog sweeps every 2 s, so 4 s always flags first. */
const STALL_SEC = 4;

type Fault = "stop" | "kill";

interface Expected {
  status: Session["status"];
  /** Words the session's error must hold. */
  error: RegExp;
  endReason: NonNullable<Session["endReason"]>;
}

const EXPECTED: Record<Fault, Expected> = {
  stop: { status: "timed_out", error: /printed nothing/, endReason: "stalled" },
  kill: { status: "failed", error: /killed by SIGKILL/, endReason: "failed" },
};

/** Why `session` did not end as `fault` should make it end, or null when it did. */
function wrongEnding(session: Session, fault: Fault, wasFlagged: boolean): string | null {
  const expected = EXPECTED[fault];
  if (session.status !== expected.status) return `status ${session.status}, expected ${expected.status}`;
  if (!expected.error.test(session.error ?? "")) return `error "${session.error}" lacks ${expected.error}`;
  if (session.endReason !== expected.endReason) return `endReason ${session.endReason}, expected ${expected.endReason}`;
  if (fault === "stop" && !wasFlagged) return "ended without ever being flagged stalled while running";
  return null;
}

function isGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

const pidsIn = (file: string) =>
  existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map(Number) : [];

/** The task's sessions, oldest first. */
async function sessionsOf(client: Client, taskId: string): Promise<Session[]> {
  const { items } = await client.session.list.query({ taskId });
  return [...items].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** A task whose first attempt ticks until signalled and whose retry succeeds; its first session once ticking. */
async function startTickingTask(world: World, index: number) {
  const pids = join(world.serve.home, `r3-${index}.pids`);
  const agent = `ticking-${index}`;
  await addAgent(world.client, agent, [fixturePath("ticking-agent.sh"), pids]);
  const task = await world.client.task.create.mutate({
    projectId: PROJECT_KEY,
    title: `signal ${index}`,
    agent,
    stallSec: STALL_SEC,
    maxAttempts: 2,
  });
  const first = await until(
    "the first attempt to tick",
    async () => {
      const [session] = await sessionsOf(world.client, task.id);
      if (!session || pidsIn(pids).length === 0) return undefined;
      const log = await storedLog(world.client, session.id);
      return log.some((chunk) => chunk.text.includes("tick")) ? session : undefined;
    },
    30_000,
  );
  return { task, first, pid: pidsIn(pids)[0]!, pids };
}

/**
 * Polls the session until it ends, noting when it was first seen flagged stalled while running
 * (the flag is cleared by any later output, the runner's own last words included).
 */
async function watchUntilEnded(client: Client, id: string) {
  const started = Date.now();
  let stalledMs: number | undefined;
  const ended = await until(
    `session ${id} to end`,
    async () => {
      const session = await client.session.byId.query({ id });
      if (session.status === "running" && session.stalledAt) stalledMs ??= Date.now() - started;
      return isSessionEnded(session.status) ? session : undefined;
    },
    30_000,
  );
  return { ended, stalledMs };
}

async function trial(index: number, fixture: ChaosFixture): Promise<TrialResult> {
  const world = fixture.world as World;
  const fault: Fault = index % 2 === 0 ? "stop" : "kill";
  const { task, first, pid, pids } = await startTickingTask(world, index);
  const signalledAt = Date.now();
  if (fault === "stop") process.kill(-pid, "SIGSTOP");
  else process.kill(pid, "SIGKILL");
  const { ended, stalledMs } = await watchUntilEnded(world.client, first.id);
  const noticedMs = Date.now() - signalledAt;
  const wrong = wrongEnding(ended, fault, stalledMs !== undefined);
  if (wrong) return { ok: false, failure: `SIG${fault.toUpperCase()}: ${wrong}`, measure: noticedMs };
  const groupGone = await until(
    "the agent's process group to be gone",
    () => (isGroupAlive(pid) ? undefined : true),
    10_000,
  ).catch(() => false);
  if (!groupGone) {
    return { ok: false, failure: `SIG${fault.toUpperCase()}: process group ${pid} left running`, measure: noticedMs };
  }
  const retried = await checkRetried(world.client, { taskId: task.id, pids, fault, noticedMs });
  if (!retried.ok) return retried;
  const stale = await staleCompletionAccepted(world, ended);
  return stale ? { ok: false, failure: `SIG${fault.toUpperCase()}: ${stale}`, measure: noticedMs } : retried;
}

/**
 * A completion for the ended attempt (as its runner would send late, under any lease it may have
 * held) must change nothing: the session keeps how it ended.
 */
async function staleCompletionAccepted(world: World, ended: Session): Promise<string | null> {
  const runner = ownerClient({
    url: world.serve.url,
    token: readFileSync(join(world.serve.home, "runner-token"), "utf8").trim(),
  });
  for (const lease of [1, 2, 3]) {
    const isAccepted = await runner.runner.finish
      .mutate({ sessionId: ended.id, lease, exitCode: 0, signal: null, error: null })
      .then(
        () => true,
        () => false,
      );
    if (isAccepted) return `a stale completion under lease ${lease} was accepted`;
  }
  const after = await world.client.session.byId.query({ id: ended.id });
  if (after.status !== ended.status || after.endedAt !== ended.endedAt) {
    return `a stale completion was accepted: ${ended.status} became ${after.status}`;
  }
  return null;
}

/** Autopilot started a second attempt (maxAttempts 2), which succeeded, and counted the failed one. */
async function checkRetried(
  client: Client,
  { taskId, pids, fault, noticedMs }: { taskId: string; pids: string; fault: Fault; noticedMs: number },
): Promise<TrialResult> {
  const label = `SIG${fault.toUpperCase()}`;
  const sessions = await until(
    "a retry to end",
    async () => {
      const all = await sessionsOf(client, taskId);
      return all.length >= 2 && all[1]!.endedAt ? all : undefined;
    },
    30_000,
  ).catch(() => undefined);
  if (!sessions) return { ok: false, failure: `${label}: no retry ran within 30 s`, measure: noticedMs };
  const retry = sessions[1]!;
  if (retry.status !== "succeeded" || retry.attempt !== 2 || pidsIn(pids).length !== 2) {
    return { ok: false, failure: `${label}: retry ${retry.status}, attempt ${retry.attempt}`, measure: noticedMs };
  }
  const task = await client.task.byId.query({ id: taskId });
  if (task.failedAttempts !== 1) {
    return {
      ok: false,
      failure: `${label}: ${task.failedAttempts} failed attempts counted, not 1`,
      measure: noticedMs,
    };
  }
  return { ok: true, measure: noticedMs };
}

export const r3AgentSignals: ChaosPromise = {
  id: "R3",
  promise: "a hung or killed agent is noticed",
  trials: { full: 10, quick: 2 },
  unit: (ms) => `${(ms / 1000).toFixed(1)} s from signal to ended`,
  async setup() {
    const world = await startWorld(makeHome("r3"));
    await world.client.project.update.mutate({
      id: PROJECT_KEY,
      settings: { retryBaseSec: 1, retryMaxSec: 1 },
    });
    await world.client.autopilot.start.mutate({ projectId: PROJECT_KEY });
    return { world, teardown: () => world.teardown() };
  },
  trial,
};
