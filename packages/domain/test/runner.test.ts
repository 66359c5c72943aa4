import { describe, expect, it } from "vitest";
import { ClaimInput, FinishInput, HeartbeatInput, SessionStopReason, StartedInput } from "../src/index";

describe("runner call inputs", () => {
  it("hold a runner's name to 1 to 100 characters on every call", () => {
    expect(ClaimInput.safeParse({ runnerId: "r".repeat(100) }).success).toBe(true);
    expect(ClaimInput.safeParse({ runnerId: "" }).success).toBe(false);
    expect(ClaimInput.safeParse({ runnerId: "r".repeat(101) }).success).toBe(false);
    expect(HeartbeatInput.safeParse({ runnerId: "r".repeat(101), sessions: [] }).success).toBe(false);
  });

  it("hold a claim open for at most a minute", () => {
    expect(ClaimInput.safeParse({ runnerId: "r", waitMs: 60_000 }).success).toBe(true);
    expect(ClaimInput.safeParse({ runnerId: "r", waitMs: 60_001 }).success).toBe(false);
    expect(ClaimInput.safeParse({ runnerId: "r", waitMs: -1 }).success).toBe(false);
  });

  it("need a session and a lease of at least 1 on the calls made for a session", () => {
    const started = { pid: 1, cwd: "/tmp", worktreePath: null, branch: null };
    expect(StartedInput.safeParse({ sessionId: "s", lease: 1, ...started }).success).toBe(true);
    expect(StartedInput.safeParse({ sessionId: "s", lease: 0, ...started }).success).toBe(false);
    const finish = { exitCode: 0, signal: null, error: null };
    expect(FinishInput.safeParse({ sessionId: "", lease: 1, ...finish }).success).toBe(false);
  });
});

describe("session stop reasons", () => {
  it("are the ones a stop can carry", () => {
    expect(SessionStopReason.options).toEqual(["stopped", "timeout", "stalled", "usage_limit", "budget"]);
    expect(SessionStopReason.safeParse("crashed").success).toBe(false);
  });
});
