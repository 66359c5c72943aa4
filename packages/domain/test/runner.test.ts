import { describe, expect, it } from "vitest";
import {
  ClaimInput,
  FinishInput,
  HeartbeatInput,
  MAX_CLAIM_WAIT_MS,
  RUNNER_ID_MAX_LENGTH,
  RunnerId,
  SESSION_STOP_REASONS,
  SessionStopReason,
  StartedInput,
} from "../src/index";

describe("runner call inputs", () => {
  it("hold a runner's name to 1 to 100 characters on every call", () => {
    expect(RunnerId.safeParse("r".repeat(RUNNER_ID_MAX_LENGTH)).success).toBe(true);
    expect(RunnerId.safeParse("").success).toBe(false);
    const long = "r".repeat(RUNNER_ID_MAX_LENGTH + 1);
    expect(ClaimInput.safeParse({ runnerId: long }).success).toBe(false);
    expect(HeartbeatInput.safeParse({ runnerId: long, sessions: [] }).success).toBe(false);
  });

  it("bound a claim's wait", () => {
    expect(ClaimInput.safeParse({ runnerId: "r", waitMs: MAX_CLAIM_WAIT_MS }).success).toBe(true);
    expect(ClaimInput.safeParse({ runnerId: "r", waitMs: MAX_CLAIM_WAIT_MS + 1 }).success).toBe(false);
    expect(ClaimInput.safeParse({ runnerId: "r", waitMs: -1 }).success).toBe(false);
  });

  it("need a lease of at least 1 on the calls made for a session", () => {
    const started = { pid: 1, cwd: "/tmp", worktreePath: null, branch: null };
    expect(StartedInput.safeParse({ sessionId: "s", lease: 1, ...started }).success).toBe(true);
    expect(StartedInput.safeParse({ sessionId: "s", lease: 0, ...started }).success).toBe(false);
    const finish = { exitCode: 0, signal: null, error: null };
    expect(FinishInput.safeParse({ sessionId: "", lease: 1, ...finish }).success).toBe(false);
  });
});

describe("session stop reasons", () => {
  it("are the ones a stop can carry", () => {
    expect(SESSION_STOP_REASONS).toEqual(["stopped", "timeout", "usage_limit"]);
    expect(SessionStopReason.safeParse("crashed").success).toBe(false);
  });
});
