import type { ChaosFixture, ChaosMode, ChaosPromise, PromiseOutcome } from "./promise";

const MAX_FAILURES_SHOWN = 3;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}

/** Runs one promise's trials in order; a trial that throws counts as a failure, and the rest still run. */
export async function runPromise(chaos: ChaosPromise, mode: ChaosMode): Promise<PromiseOutcome> {
  const trials = mode.quick ? chaos.trials.quick : chaos.trials.full;
  const failuresSeen: string[] = [];
  let failures = 0;
  let worst: number | undefined;
  const fail = (why: string) => {
    failures += 1;
    if (failuresSeen.length < MAX_FAILURES_SHOWN) failuresSeen.push(why);
  };
  let fixture: ChaosFixture | undefined;
  try {
    fixture = chaos.setup ? await chaos.setup(mode) : { teardown: async () => {} };
    for (let index = 0; index < trials; index++) {
      try {
        const result = await chaos.trial(index, fixture, mode);
        if (!result.ok) fail(`trial ${index + 1}: ${result.failure ?? "broken"}`);
        if (result.measure !== undefined) worst = Math.max(worst ?? result.measure, result.measure);
      } catch (error) {
        fail(`trial ${index + 1}: ${messageOf(error)}`);
      }
    }
  } catch (error) {
    // Setup failing breaks every trial: none of them could check the promise.
    failures = trials;
    failuresSeen.push(`setup: ${messageOf(error)}`);
  } finally {
    await fixture?.teardown().catch((error: unknown) => failuresSeen.push(`teardown: ${messageOf(error)}`));
  }
  const shown = worst === undefined ? "" : chaos.unit ? chaos.unit(worst) : String(worst);
  return { id: chaos.id, promise: chaos.promise, trials, failures, worst: shown, failuresSeen };
}
