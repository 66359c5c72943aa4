import type { ReleaseInput } from "@maestro/domain";
import type { VerbArgs } from "../unit-of-work";

/** A stopping runner's open claims are answered with nothing. */
export function releaseClaims({ ctx, input }: VerbArgs<ReleaseInput>): { released: number } {
  return { released: ctx.dispatcher.release(input.runnerId) };
}
