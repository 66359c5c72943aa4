import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { createServerPool, isServerDown, isUnsent } from "../src/server-pool";

const [A, B, C] = ["http://a:4700", "http://b:4700", "http://c:4700"];

/** An error as the tRPC client makes it of a server's answer with this code and HTTP status. */
const answer = (code: string, httpStatus: number) =>
  new TRPCClientError("answered", { result: { error: { message: "answered", code: -1, data: { code, httpStatus } } } });

describe("the server pool", () => {
  it("moves on from the current server only, in order and round, and says so once per server that had answered", () => {
    const log: string[] = [];
    const pool = createServerPool([A, B, C], (line) => log.push(line));
    const moves: Array<[number, number]> = [];
    pool.onSwitch((left, now) => moves.push([left, now]));
    pool.answered(0);
    expect(pool.fail(0, "fetch failed")).toBe(true);
    // A second failure of a server already left (a call still in flight to it) moves nothing.
    expect(pool.fail(0, "fetch failed")).toBe(false);
    expect(pool.current).toBe(B);
    // b never answered: moving on from it is not news; c answering is.
    expect(pool.fail(1, "fetch failed")).toBe(true);
    expect(pool.fail(2, "no answer within 10 s")).toBe(true);
    expect(pool.current).toBe(A);
    pool.answered(0);
    pool.answered(0);
    expect(moves).toEqual([
      [0, 1],
      [1, 2],
      [2, 0],
    ]);
    expect(log).toEqual([`runner: ${A} stopped answering (fetch failed); trying ${B}`, `runner: now working for ${A}`]);
  });

  it("never moves with one server, and says nothing", () => {
    const log: string[] = [];
    const pool = createServerPool([A], (line) => log.push(line));
    pool.answered(0);
    expect(pool.fail(0, "fetch failed")).toBe(false);
    expect(pool.current).toBe(A);
    expect(log).toEqual([]);
  });
});

describe("what counts as a server not answering", () => {
  it("is no answer or a 5xx; a 4xx is the server's answer", () => {
    expect(isServerDown(TRPCClientError.from(new TypeError("fetch failed")))).toBe(true);
    expect(isServerDown(answer("INTERNAL_SERVER_ERROR", 500))).toBe(true);
    expect(isServerDown(answer("SERVICE_UNAVAILABLE", 503))).toBe(true);
    expect(isServerDown(answer("UNAUTHORIZED", 401))).toBe(false);
    expect(isServerDown(answer("CONFLICT", 409))).toBe(false);
  });

  it("is unsent only when the connection was refused or the address not found, however deep the cause", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4700"), { code: "ECONNREFUSED" });
    expect(isUnsent(TRPCClientError.from(new TypeError("fetch failed", { cause: refused })))).toBe(true);
    const both = new AggregateError([refused, Object.assign(new Error("x"), { code: "ECONNREFUSED" })]);
    expect(isUnsent(TRPCClientError.from(new TypeError("fetch failed", { cause: both })))).toBe(true);
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    expect(isUnsent(TRPCClientError.from(new TypeError("fetch failed", { cause: reset })))).toBe(false);
    expect(isUnsent(answer("INTERNAL_SERVER_ERROR", 500))).toBe(false);
  });
});
