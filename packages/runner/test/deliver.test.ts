import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { deliver } from "../src/deliver";

// What a runner must not lose (a session's end, its last output) is sent until the server takes
// it; a definite refusal or a runner that stops waiting ends the tries.

const unreachable = () => new TRPCClientError("fetch failed");
const answered = (code: string, httpStatus: number) =>
  new TRPCClientError("refused", { result: { error: { code: -1, message: "refused", data: { code, httpStatus } } } });

/** A call that throws each of `failures` in turn, then succeeds; counts its tries. */
function flaky(failures: Error[]) {
  const call = async () => {
    call.tries++;
    const failure = failures.shift();
    if (failure) throw failure;
  };
  call.tries = 0;
  return call;
}

function options(giveUp = new AbortController().signal) {
  const lines: string[] = [];
  return { lines, what: "its end", label: "session 1234", log: (line: string) => lines.push(line), giveUp };
}

describe("deliver", () => {
  it("tries again while the server cannot be reached or is unwell, until it takes the call", async () => {
    const call = flaky([unreachable(), answered("INTERNAL_SERVER_ERROR", 500), unreachable()]);
    const opts = options();
    expect(await deliver(call, opts)).toBe(true);
    expect(call.tries).toBe(4);
    expect(opts.lines).toEqual([
      "session 1234: could not record its end (fetch failed): trying until the server answers",
      "session 1234: recorded its end once the server answered again",
    ]);
  });

  it("stops at a definite refusal (the lease was fenced), with a log line", async () => {
    const call = flaky([unreachable(), answered("CONFLICT", 409), unreachable()]);
    const opts = options();
    expect(await deliver(call, opts)).toBe(false);
    expect(call.tries).toBe(2);
    expect(opts.lines.at(-1)).toBe("session 1234: the server refused its end, not trying again: refused");
  });

  it("gives up when the runner stops waiting, even in the middle of a backoff", async () => {
    const stop = new AbortController();
    const call = flaky(Array.from({ length: 100 }, unreachable));
    const opts = options(stop.signal);
    setTimeout(() => stop.abort(), 600);
    const startedAt = Date.now();
    expect(await deliver(call, opts)).toBe(false);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(opts.lines.at(-1)).toBe(
      "session 1234: gave up recording its end: the runner stopped before the server answered",
    );
  });
});
