import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FuzzContext, inputArbitrary } from "./fuzz/arbitrary-input";
import { type FuzzWorld, type UntypedClient, makeFuzzWorld } from "./fuzz/fuzz-world";
import { type Outcome, type Procedure, call, listProcedures, subscribeOnce } from "./fuzz/procedures";
import { rawRequest } from "./live-server";

/**
 * Every procedure's input, generated from its zod schema, through the real HTTP/WebSocket server:
 * no call may end in an internal error, and a refused call must leave the database and the
 * project's folder as they were. Reproducible: FUZZ_SEED and FUZZ_RUNS override the defaults.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_205);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

/** Outcomes per procedure (FUZZ_STATS=1 prints them): how many inputs got past validation to real data. */
const STATS: Record<string, Record<string, number>> = {};
function count(path: string, outcome: Outcome): void {
  const key = outcome.ok ? "ok" : String(outcome.code ?? outcome.status);
  const counts = (STATS[path] ??= {});
  counts[key] = (counts[key] ?? 0) + 1;
}
afterAll(() => {
  if (process.env.FUZZ_STATS) {
    for (const [path, counts] of Object.entries(STATS)) console.log(path, JSON.stringify(counts));
  }
});

let world: FuzzWorld;
let fieldOverrides: FuzzContext["fieldOverrides"];

beforeAll(async () => {
  world = await makeFuzzWorld();
  fieldOverrides = {
    // A project's folder and a session's working folders are read, written and walked by git:
    // valid ones stay inside the test's sandbox, the rest must be refused.
    rootDir: folderArbitrary(world.sandbox),
    cwd: folderArbitrary(world.sandbox),
    worktreePath: fc.option(folderArbitrary(world.sandbox), { nil: null }),
    // A long poll would hold every claim open for up to a minute.
    waitMs: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom(-1, 0.5, 60_001, Number.NaN, "10")),
  };
});

/** What `id` names in each router: `project.byId` takes a project, `spec.edit` a spec. */
const ID_OF_ROUTER: Record<string, string> = {
  project: "projects",
  task: "tasks",
  session: "sessions",
  spec: "specs",
  autopilot: "projects",
};

/** Real values for fields by name, from what is stored when the procedure's turn comes. */
function contextFor(procedure: Procedure): FuzzContext {
  const stored = world.pools();
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
  return { pools, fieldOverrides };
}
afterAll(() => world?.close());

function folderArbitrary(sandbox: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.stringMatching(/^[a-z0-9._ -]{1,20}$/).map((name) => `${sandbox}/p-${name}`),
    fc.constantFrom(`${sandbox}/repo`, `${sandbox}/p\u0000x`, `${sandbox}/${"d".repeat(5_000)}`),
    fc.constantFrom("", " ", "relative/dir", "../../etc/passwd", "C:", 42, null),
  );
}

/** The database and the project's folder after background work triggered by earlier calls settles. */
async function settledState(): Promise<string> {
  let state = `${world.dataVersion()}|${world.projectFiles()}`;
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const next = `${world.dataVersion()}|${world.projectFiles()}`;
    if (next === state) return state;
    state = next;
  }
  return state;
}

/**
 * One call: never an internal error; when refused, nothing written. A change seen after a refusal
 * may be background work (the scheduler, the lander) reacting to an earlier call, so it counts
 * only if the same refused call writes again once things are quiet.
 */
async function checkOnce(client: UntypedClient, procedure: Procedure, input: unknown): Promise<void> {
  const attempt = async () => {
    const before = `${world.dataVersion()}|${world.projectFiles()}`;
    const outcome =
      procedure.type === "subscription"
        ? await subscribeOnce(world.subscriber, procedure.path, input)
        : await call(client, procedure, input);
    return { outcome, wrote: `${world.dataVersion()}|${world.projectFiles()}` !== before };
  };
  let { outcome, wrote } = await attempt();
  count(procedure.path, outcome);
  if (!outcome.ok && wrote) {
    await settledState();
    ({ outcome, wrote } = await attempt());
  }
  if (outcome.ok) {
    await settledState();
    return;
  }
  expect(outcome.code, `an internal error; the server said: ${world.takeLog()}`).not.toBe("INTERNAL_SERVER_ERROR");
  expect(outcome.status, "HTTP 500").not.toBe(500);
  expect(outcome.code ?? outcome.status, "an answer from the server").toBeDefined();
  expect(outcome.code, "no answer in time").not.toBe("NO_ANSWER");
  expect(wrote, `a refused call (${outcome.code ?? outcome.status}) wrote to the database or the project folder`).toBe(
    false,
  );
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

async function fuzz(procedure: Procedure, client: () => Promise<UntypedClient>, numRuns: number): Promise<void> {
  await world.reseed();
  world.takeLog();
  const property = fc.asyncProperty(inputArbitrary(procedure.schema, contextFor(procedure)), async (input) =>
    checkOnce(await client(), procedure, input),
  );
  const details = await fc.check(property, { seed: SEED, numRuns, endOnFailure: numRuns > 200 });
  if (details.failed) {
    const error =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(
      `${procedure.path} failed for input ${printable(details.counterexample?.[0])}\n` +
        `(FUZZ_SEED=${SEED}, path ${details.counterexamplePath}, after ${details.numShrinks} shrinks)\n${error}`,
    );
  }
}

const procedures = listProcedures();

describe("every procedure's input, fuzzed from its schema", () => {
  it("covers every procedure of the router", () => {
    expect(procedures.length).toBeGreaterThan(60);
    expect(procedures.filter((p) => p.type === "subscription").length).toBeGreaterThan(0);
  });

  const agentProcedures = procedures.filter((p) => p.isOpenToAgents).map((p) => [p.path, p] as const);
  it.each(agentProcedures)(
    "as an agent session: %s",
    (_path, procedure) => fuzz(procedure, world.agent, Math.ceil(RUNS / 2)),
    120_000,
  );

  it.each(procedures.map((p) => [p.path, p] as const))(
    "as the owner: %s",
    (_path, procedure) => {
      const runs = procedure.type === "subscription" ? Math.ceil(RUNS / 4) : RUNS;
      return fuzz(procedure, async () => world.owner, runs);
    },
    120_000,
  );

  it("leaves a server that still answers /healthz", async () => {
    const response = await rawRequest({ port: world.server.port, path: "/healthz" });
    expect(response.status).toBe(200);
  });
});
