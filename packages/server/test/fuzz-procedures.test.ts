import { type FuzzTarget, type Outcome, fuzzProcedure, listProcedures, makeFuzzTarget } from "@maestro/fuzz";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src/routers/app";
import { makeServerPool, rawRequest } from "./live-server";

/**
 * Every procedure's input, generated from its zod schema, through the real HTTP/WebSocket server:
 * no call may end in an internal error, and a refused call must leave the database and the
 * project's folder as they were (the property is @maestro/fuzz's, shared with the chaos suite's
 * R5). Reproducible: FUZZ_SEED and FUZZ_RUNS override the defaults.
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

// No runner is started, so a session the fuzz queues never spawns anything.
const pool = makeServerPool();
let target: FuzzTarget;
let port: number;

beforeAll(async () => {
  const serverLog: string[] = [];
  const server = await pool.start({ log: (line) => serverLog.push(line) });
  port = server.port;
  target = await makeFuzzTarget({
    url: server.url,
    token: server.token,
    databasePath: server.database.path,
    sandbox: pool.home(),
    takeLog: () => serverLog.splice(0).join("\n"),
  });
});
afterAll(async () => {
  await target?.close();
  await pool.cleanup();
});

const procedures = listProcedures(appRouter);
const run = (numRuns: number) => ({ seed: SEED, numRuns, onOutcome: count });

describe("every procedure's input, fuzzed from its schema", () => {
  it("covers every procedure of the router", () => {
    expect(procedures.length).toBeGreaterThan(60);
    expect(procedures.filter((p) => p.type === "subscription").length).toBeGreaterThan(0);
  });

  const agentProcedures = procedures.filter((p) => p.isOpenToAgents).map((p) => [p.path, p] as const);
  it.each(agentProcedures)(
    "as an agent session: %s",
    (_path, procedure) => fuzzProcedure(target, procedure, target.agent, run(Math.ceil(RUNS / 2))),
    120_000,
  );

  it.each(procedures.map((p) => [p.path, p] as const))(
    "as the owner: %s",
    (_path, procedure) => {
      const runs = procedure.type === "subscription" ? Math.ceil(RUNS / 4) : RUNS;
      return fuzzProcedure(target, procedure, async () => target.owner, run(runs));
    },
    120_000,
  );

  it("leaves a server that still answers /healthz and a sound database", async () => {
    const response = await rawRequest({ port, path: "/healthz" });
    expect(response.status).toBe(200);
    expect(target.integrityCheck()).toBe("ok");
  });
});
