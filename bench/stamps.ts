/**
 * A clock every process on the machine shares (CLOCK_MONOTONIC, in ms): a server process stamps
 * when it began sending an event, the bench stamps when a subscriber got it.
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
