import { describe, expect, it } from "vitest";
import { AGENT_ADAPTERS, canAdapterResume, composeResumePrompt, resumeReason } from "../src/index";

describe("resume", () => {
  it("names the adapters whose tool continues its own conversation", () => {
    expect(AGENT_ADAPTERS.filter(canAdapterResume)).toEqual(["claude-code", "codex", "gemini", "opencode"]);
  });

  it("says why a session resumes, by how the earlier one ended", () => {
    expect(resumeReason({ status: "interrupted", error: "x", endReason: null })).toBe(
      "it was interrupted (its runner or the Maestro server stopped)",
    );
    expect(resumeReason({ status: "waiting", error: null, endReason: null })).toBe(
      "it was paused by a usage limit, which has now reset",
    );
    expect(resumeReason({ status: "failed", error: "exited with code 2", endReason: null })).toBe(
      "it ended with an error: exited with code 2",
    );
    expect(resumeReason({ status: "timed_out", error: null, endReason: null })).toMatch(/time limit/);
    expect(resumeReason({ status: "cancelled", error: "stopped", endReason: null })).toBe("it was stopped");
  });

  it("says more where the end reason does: a stall, a lost runner, a restarted server", () => {
    expect(resumeReason({ status: "timed_out", error: null, endReason: "stalled" })).toMatch(/printed nothing/);
    expect(resumeReason({ status: "interrupted", error: null, endReason: "runner_lost" })).toBe(
      "it was interrupted (its runner went away)",
    );
    expect(resumeReason({ status: "interrupted", error: null, endReason: "server_restart" })).toBe(
      "it was interrupted (the Maestro server restarted)",
    );
  });

  it("tells a resumed agent why, which tasks remain, and how to finish — and nothing it already knows", () => {
    const prompt = composeResumePrompt({
      reason: "it was interrupted",
      tasks: [
        { key: "WEB-1", title: "Login page" },
        { key: "WEB-2", title: "Login API" },
      ],
    });
    expect(prompt).toContain("Maestro is resuming this session: it was interrupted.");
    expect(prompt).toContain("WEB-1: Login page, WEB-2: Login API");
    expect(prompt).toContain("maestro report done");
  });
});
