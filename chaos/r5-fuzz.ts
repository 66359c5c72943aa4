// R5: every procedure's input, generated from its zod schema (fast-check, the property shared
// with the server's own fuzz test through @maestro/fuzz), thrown at a real `maestro serve` as the
// owner. No internal error, nothing written by a refused call, the database sound at the end.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type FuzzTarget, fuzzProcedure, listProcedures, makeFuzzTarget } from "@maestro/fuzz";
import { appRouter } from "@maestro/server";
import type { ChaosFixture, ChaosMode, ChaosPromise, TrialResult } from "./promise";
import { type Serve, makeHome, removeHome, startServe } from "./serve";

const SEED = 20_261_205;
/** Inputs per procedure (subscriptions get a quarter: each holds a connection open a moment). */
const RUNS = { full: 24, quick: 12 };
/** The quick run's few procedures: those that write the most, across the aggregates. */
const QUICK_PATHS = ["task.create", "project.update", "session.start"];

const ALL = listProcedures(appRouter);

interface R5Fixture extends ChaosFixture {
  serve: Serve;
  target: FuzzTarget;
}

function chosen(mode: ChaosMode) {
  return mode.quick ? ALL.filter((procedure) => QUICK_PATHS.includes(procedure.path)) : ALL;
}

/**
 * The server's embedded runner claims what the fuzz queues (a fake agent that exits at once), so
 * only the owner's calls are fuzzed here; agents' calls are fuzzed in the server's test, without
 * a runner.
 */
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
      await serve.stop();
      removeHome(home);
    },
  };
}

async function trial(index: number, fixture: ChaosFixture, mode: ChaosMode): Promise<TrialResult> {
  const { serve, target } = fixture as R5Fixture;
  const procedures = chosen(mode);
  const procedure = procedures[index]!;
  const runs = mode.quick ? RUNS.quick : RUNS.full;
  const numRuns = procedure.type === "subscription" ? Math.ceil(runs / 4) : runs;
  await fuzzProcedure(target, procedure, async () => target.owner, { seed: SEED, numRuns });
  if (index < procedures.length - 1) return { ok: true };
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
  trials: { full: ALL.length, quick: QUICK_PATHS.length },
  setup,
  trial,
};
