import type { AnyRouter } from "@trpc/server";
import type { z } from "zod";
import { type UntypedClient, describeFailure } from "./fuzz-target";

/** A procedure of the router as the fuzz test calls it: by its path, with any input. */
export interface Procedure {
  path: string;
  type: "query" | "mutation" | "subscription";
  schema: z.core.$ZodType | undefined;
  isOpenToAgents: boolean;
}

/** Every procedure of `router`, with its input schema and whether agents may call it. */
export function listProcedures(router: AnyRouter): Procedure[] {
  // tRPC keeps every procedure in one flat map keyed by its path ("task.create"); typed as the router's shape.
  const record = router._def.procedures as unknown as Record<
    string,
    { _def: { type: Procedure["type"]; inputs: z.core.$ZodType[]; meta?: { agents?: boolean } } }
  >;
  return Object.entries(record).map(([path, { _def }]) => ({
    path,
    type: _def.type,
    schema: _def.inputs[0],
    isOpenToAgents: _def.meta?.agents === true,
  }));
}

export type Outcome = { ok: true } | { ok: false; code: string | undefined; status: number | undefined };

const CALL_TIMEOUT_MS = 10_000;

export async function call(client: UntypedClient, procedure: Procedure, input: unknown): Promise<Outcome> {
  const signal = AbortSignal.timeout(CALL_TIMEOUT_MS);
  try {
    if (procedure.type === "query") await client.query(procedure.path, input, { signal });
    else await client.mutation(procedure.path, input, { signal });
    return { ok: true };
  } catch (error) {
    if (signal.aborted) return { ok: false, code: "NO_ANSWER", status: undefined };
    return { ok: false, ...describeFailure(error) };
  }
}

/** Opens the subscription and closes it at its first sign of life: started, data or error. */
export function subscribeOnce(client: UntypedClient, path: string, input: unknown): Promise<Outcome> {
  return new Promise((resolve) => {
    // Callbacks run on later turns, once `subscription` is assigned.
    const finish = (outcome: Outcome) => {
      clearTimeout(timer);
      setImmediate(() => subscription.unsubscribe());
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ ok: true }), 200);
    const subscription = client.subscription(path, input, {
      onStarted: () => finish({ ok: true }),
      onData: () => finish({ ok: true }),
      onError: (error) => finish({ ok: false, ...describeFailure(error) }),
    });
  });
}
