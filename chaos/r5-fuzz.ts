// R5: every procedure's input, generated from its zod schema (fast-check, the property shared
// with the server's own fuzz test through @maestro/fuzz), thrown at a real `maestro serve` as the
// owner and from inside an agent's session. No internal error, nothing written by a refused call, the database sound at the end.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type FuzzTarget, type Procedure, fuzzProcedure, listProcedures, makeFuzzTarget } from "@maestro/fuzz";
import { appRouter } from "@maestro/server";
import type { ChaosFixture, ChaosMode, ChaosPromise, TrialResult } from "./promise";
import { type Serve, makeHome, ownerClient, removeHome, startServe, until } from "./serve";

const SEED = 20_261_205;
/** Inputs per procedure (subscriptions get a quarter: each holds a connection open a moment). */
const RUNS = { full: 60, quick: 12 };

const ALL = listProcedures(appRouter);

/** One trial: a procedure, called as the owner or from inside an agent's session. */
interface Case {
  procedure: Procedure;
  as: "owner" | "agent";
}

/** Agents' calls first: the owner's may move the project's folder, where agents' sessions start. */
const CASES: Case[] = [
  ...ALL.filter((procedure) => procedure.isOpenToAgents).map((procedure) => ({ procedure, as: "agent" as const })),
  ...ALL.map((procedure) => ({ procedure, as: "owner" as const })),
];
/** The quick run's few cases: those that write the most, across the aggregates, and one agent's call. */
const QUICK_CASES = CASES.filter(
  ({ procedure, as }) =>
    (as === "owner" && ["task.create", "project.update", "session.start"].includes(procedure.path)) ||
    (as === "agent" && procedure.path === "task.update"),
);

interface R5Fixture extends ChaosFixture {
  serve: Serve;
  target: FuzzTarget;
}

const casesOf = (mode: ChaosMode) => (mode.quick ? QUICK_CASES : CASES);

/** The pids of `pid`'s children (Linux). */
function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
}

/**
 * The server's embedded runner is paused (SIGSTOP) for the fuzz, as in the server's own fuzz test
 * which starts none: what the fuzz queues is never spawned, and a refused call is judged by the
 * server's writes alone, not a runner's heartbeats. The fuzz claims sessions itself, as a runner.
 */
/**
 * Resolves once the embedded runner has run a session: /healthz answers before it is ready, and a
 * runner paused before then never becomes ready (serve gives up on it after 60 s, and exits).
 */
async function runnerServing(serve: Serve, rootDir: string): Promise<void> {
  mkdirSync(rootDir);
  const client = ownerClient(serve);
  await client.project.create.mutate({ name: "Ready", rootDir, key: "RDY" });
  await client.agent.add.mutate({ name: "ready", adapter: "custom", command: ["/bin/true"] });
  const task = await client.task.create.mutate({ projectId: "RDY", title: "is the runner up?", agent: "ready" });
  const session = await client.session.start.mutate({ taskIds: [task.id], agent: "ready" });
  await until(
    "the embedded runner to run a session",
    async () => ((await client.session.byId.query({ id: session.id })).endedAt ? true : undefined),
    60_000,
  );
}

async function setup(): Promise<R5Fixture> {
  const home = makeHome("r5");
  const serve = await startServe({ home });
  let logSeen = 0;
  const takeLog = () => {
    const log = serve.stderr();
    const fresh = log.slice(Math.min(logSeen, log.length));
    logSeen = log.length;
    return fresh;
  };
  await runnerServing(serve, join(home, "ready"));
  const runners = childrenOf(serve.pid);
  for (const pid of runners) process.kill(pid, "SIGSTOP");
  const sandbox = join(home, "sandbox");
  mkdirSync(sandbox);
  const target = await makeFuzzTarget({
    url: serve.url,
    token: serve.token,
    databasePath: join(home, "maestro.db"),
    sandbox,
    takeLog,
  });
  return {
    serve,
    target,
    async teardown() {
      await target.close();
      for (const pid of runners) process.kill(pid, "SIGCONT");
      await serve.stop();
      removeHome(home);
    },
  };
}

/** Whether the server is gone, with the end of what it said, for a failure's words. */
function exitNote(serve: Serve): string {
  const { exitCode, signalCode } = serve.child;
  if (exitCode === null && signalCode === null) return "";
  return ` | the server exited (${exitCode ?? signalCode}): ${serve
    .stderr()
    .slice(-600)
    .replace(/\s*\n\s*/g, " | ")}`;
}

async function trial(index: number, fixture: ChaosFixture, mode: ChaosMode): Promise<TrialResult> {
  const { serve, target } = fixture as R5Fixture;
  const cases = casesOf(mode);
  const { procedure, as } = cases[index]!;
  const runs = mode.quick ? RUNS.quick : RUNS.full;
  const numRuns = procedure.type === "subscription" ? Math.ceil(runs / 4) : runs;
  const client = as === "owner" ? async () => target.owner : target.agent;
  const broken = await fuzzProcedure(target, procedure, client, { seed: SEED, numRuns }).then(
    () => null,
    // The whole story on one line: the input, the seed to reproduce it, what the server said.
    (error: unknown) => String(error instanceof Error ? error.message : error).replace(/\s*\n\s*/g, " | "),
  );
  if (broken) return { ok: false, failure: `as ${as}: ${broken}${exitNote(serve)}` };
  if (index < cases.length - 1) return { ok: true };
  const healthy = await fetch(`${serve.url}/healthz`).then(
    (res) => res.ok,
    () => false,
  );
  if (!healthy) return { ok: false, failure: "the server stopped answering /healthz" };
  const integrity = target.integrityCheck();
  return integrity === "ok" ? { ok: true } : { ok: false, failure: `integrity check: ${integrity}` };
}

export const r5Fuzz: ChaosPromise = {
  id: "R5",
  promise: "bad input never hurts",
  trials: { full: CASES.length, quick: QUICK_CASES.length },
  setup,
  trial,
};
