import fc from "fast-check";
import { type FuzzContext, inputArbitrary } from "./arbitrary-input";
import type { FuzzTarget, UntypedClient } from "./fuzz-target";
import { type Outcome, type Procedure, call, subscribeOnce } from "./procedures";

/** What `id` names in each router: `project.byId` takes a project, `spec.edit` a spec. */
const ID_OF_ROUTER: Record<string, string> = {
  project: "projects",
  task: "tasks",
  session: "sessions",
  spec: "specs",
  autopilot: "projects",
};

export interface FuzzRun {
  seed: number;
  numRuns: number;
  /** Called with every outcome (the server's test counts them per procedure). */
  onOutcome?: (path: string, outcome: Outcome) => void;
}

/**
 * Fields whose valid values act outside the database: a project's folder and a session's working
 * folders are read, written and walked by git (valid ones stay inside the sandbox, the rest must
 * be refused); a long poll would hold every claim open for up to a minute.
 */
function fieldOverrides(sandbox: string): FuzzContext["fieldOverrides"] {
  return {
    rootDir: folderArbitrary(sandbox),
    cwd: folderArbitrary(sandbox),
    worktreePath: fc.option(folderArbitrary(sandbox), { nil: null }),
    waitMs: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom(-1, 0.5, 60_001, Number.NaN, "10")),
  };
}

function folderArbitrary(sandbox: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.stringMatching(/^[a-z0-9._ -]{1,20}$/).map((name) => `${sandbox}/p-${name}`),
    fc.constantFrom(`${sandbox}/repo`, `${sandbox}/p\u0000x`, `${sandbox}/${"d".repeat(5_000)}`),
    fc.constantFrom("", " ", "relative/dir", "../../etc/passwd", "C:", 42, null),
  );
}

/** Real values for fields by name, from what is stored when the procedure's turn comes. */
function contextFor(target: FuzzTarget, procedure: Procedure): FuzzContext {
  const stored = target.pools();
  const router = procedure.path.split(".")[0]!;
  const tasks = stored.tasks!;
  const pools: Record<string, readonly unknown[]> = {
    "*": Object.values(stored).flat(),
    id: stored[ID_OF_ROUTER[router] ?? "projects"]!,
    projectId: stored.projects!,
    taskId: tasks,
    taskIds: tasks,
    parentId: tasks,
    dependsOn: tasks,
    on: tasks,
    beforeId: tasks,
    sessionId: stored.sessions!,
    parentSessionId: stored.sessions!,
    agent: stored.agents!,
    name: router === "steering" ? ["style.md", "missing.md"] : stored.agents!,
    delegates: stored.agents!,
    runnerId: ["fuzz-seed", "fuzz-other"],
    lease: [1, 2, 3],
    version: [1, 2],
    baseVersion: [0, 1],
    from: [1, 2],
    to: [1, 2],
  };
  return { pools, fieldOverrides: fieldOverrides(target.sandbox) };
}

const stateOf = (target: FuzzTarget) => `${target.dataVersion()}|${target.projectFiles()}`;

/** The database and the project's folder after background work triggered by earlier calls settles. */
async function settledState(target: FuzzTarget): Promise<string> {
  let state = stateOf(target);
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const next = stateOf(target);
    if (next === state) return state;
    state = next;
  }
  return state;
}

/** Why a refused call broke the promise (an internal error, no answer, a write), or null. */
function brokenRefusal(target: FuzzTarget, outcome: Exclude<Outcome, { ok: true }>, wrote: boolean): string | null {
  if (outcome.code === "INTERNAL_SERVER_ERROR") return `an internal error; the server said: ${target.takeLog()}`;
  if (outcome.status === 500) return "HTTP 500";
  if ((outcome.code ?? outcome.status) === undefined) return "no answer from the server";
  if (outcome.code === "NO_ANSWER") return "no answer in time";
  if (wrote) return `a refused call (${outcome.code ?? outcome.status}) wrote to the database or the project folder`;
  return null;
}

/**
 * One call: never an internal error; when refused, nothing written. A change seen after a refusal
 * may be background work (the scheduler, the lander, a runner) reacting to an earlier call, so it
 * counts only if the same refused call writes again once things are quiet.
 */
async function checkOnce(
  target: FuzzTarget,
  client: UntypedClient,
  procedure: Procedure,
  input: unknown,
  run: FuzzRun,
) {
  const attempt = async () => {
    const before = stateOf(target);
    const outcome =
      procedure.type === "subscription"
        ? await subscribeOnce(target.subscriber, procedure.path, input)
        : await call(client, procedure, input);
    return { outcome, wrote: stateOf(target) !== before };
  };
  let { outcome, wrote } = await attempt();
  run.onOutcome?.(procedure.path, outcome);
  if (!outcome.ok && wrote) {
    await settledState(target);
    ({ outcome, wrote } = await attempt());
  }
  if (outcome.ok) {
    await settledState(target);
    return;
  }
  const broken = brokenRefusal(target, outcome, wrote);
  if (broken) throw new Error(broken);
}

/** Long strings cut short, so a shrunk counterexample prints in a few lines. */
function printable(value: unknown): string {
  const cut = (v: unknown): unknown =>
    typeof v === "string" && v.length > 120
      ? `${v.slice(0, 40)}…(${v.length} chars)`
      : Array.isArray(v)
        ? v.map(cut)
        : v && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cut(x)]))
          : v;
  return fc.stringify(cut(value));
}

/**
 * `numRuns` inputs generated from the procedure's schema, each checked by `checkOnce`; throws
 * with the shrunk counterexample (reproducible from the seed) when one breaks the promise.
 */
export async function fuzzProcedure(
  target: FuzzTarget,
  procedure: Procedure,
  client: () => Promise<UntypedClient>,
  run: FuzzRun,
): Promise<void> {
  await target.reseed();
  target.takeLog();
  const property = fc.asyncProperty(inputArbitrary(procedure.schema, contextFor(target, procedure)), async (input) =>
    checkOnce(target, await client(), procedure, input, run),
  );
  const details = await fc.check(property, { seed: run.seed, numRuns: run.numRuns, endOnFailure: run.numRuns > 200 });
  if (details.failed) {
    const error =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(
      `${procedure.path} failed for input ${printable(details.counterexample?.[0])}\n` +
        `(FUZZ_SEED=${run.seed}, path ${details.counterexamplePath}, after ${details.numShrinks} shrinks)\n${error}`,
    );
  }
}
