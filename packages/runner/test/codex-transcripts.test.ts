// The parser and the fake, pinned to what the real Codex CLI printed (fixtures/codex-transcripts/,
// captured by test/real-agents/codex.test.ts).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AgentEvent } from "@maestro/domain";
import { afterAll, describe, expect, it } from "vitest";
import { createEventReader } from "../src/event-reader";
import { REAL_CLIS } from "./real-agents/clis";
import { editRunOutputs } from "./real-agents/codex-edit-run";
import { fixture } from "./world";

const transcript = (name: string) => readFileSync(fixture(`codex-transcripts/${name}.jsonl`), "utf8");
/** The conversation id the real CLI printed first. */
const threadOf = (name: string) => JSON.parse(transcript(name).split("\n")[0]!).thread_id as string;
const CWD = "/work/project";
const NOW = new Date(2026, 11, 4, 23, 18, 5);

/** A transcript read as the runner reads a Codex session's stdout. */
function eventsOf(name: string, model: string | null = "gpt-5.5"): AgentEvent[] {
  const reader = createEventReader("codex-json", { model, now: () => NOW });
  return [...reader.read([{ stream: "stdout", text: transcript(name).replaceAll("$CWD", CWD) }]), ...reader.end(false)];
}

/** The conversation's id (no tokens yet) as Codex announces its thread. */
const thread = (agentSessionId: string) => ({
  type: "usage",
  costUsd: null,
  tokensIn: 0,
  tokensOut: 0,
  agentSessionId,
  model: "gpt-5.5",
});

/** A turn's tokens, cached input among them. */
const usage = (tokens: { in: number; cached: number; out: number }, model = "gpt-5.5") => ({
  type: "usage",
  costUsd: null,
  tokensIn: tokens.in,
  tokensCached: tokens.cached,
  tokensOut: tokens.out,
  agentSessionId: null,
  model,
});

describe("Codex's captured transcripts", () => {
  it("were captured from the pinned CLI", () => {
    expect(readFileSync(fixture("codex-transcripts/VERSION"), "utf8").trim()).toBe(REAL_CLIS.codex.version);
  });

  it("edit: commands with exit codes and output, a patch, a report, the message, the tokens", () => {
    expect(eventsOf("edit")).toEqual([
      thread(threadOf("edit")),
      ...editRunOutputs(CWD),
      usage({ in: 5000, cached: 1000, out: 250 }),
    ]);
  });

  it("reconnect: Codex's warning and its reconnect notices, no error", () => {
    const events = eventsOf("reconnect", "gpt-5-codex");
    expect(events.map((event) => event.type)).toEqual(["usage", "warning", "notice", "notice", "message", "usage"]);
    expect(events.at(-1)).toEqual(usage({ in: 1000, cached: 200, out: 50 }, "gpt-5-codex"));
  });

  it("usage-limit: one usage limit, paused until the end of the minute it names; the repeated turn.failed adds nothing", () => {
    const events = eventsOf("usage-limit");
    expect(events).toHaveLength(2);
    const limit = events[1] as Extract<AgentEvent, { type: "usage_limit" }>;
    expect(limit).toMatchObject({
      type: "usage_limit",
      message: expect.stringMatching(/^You’ve hit your usage limit\./),
    });
    const named = new Date(Date.parse(limit.resetAt!) - 60_000);
    expect(named.getSeconds()).toBe(0);
    const clock = named.toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit" }).replace(/\s/g, " ");
    expect(limit.message).toMatch(new RegExp(`try again at (\\w{3} \\d+\\w\\w, \\d{4} )?${clock}\\.$`, "i"));
  });

  it("resume: the conversation's id again, and its running total of tokens", () => {
    expect(eventsOf("resume")).toEqual([
      thread(threadOf("resume")),
      { type: "message", text: "Picked up where I left off." },
      usage({ in: 2000, cached: 400, out: 100 }),
    ]);
  });
});

describe("fake-codex.mjs", () => {
  const dir = mkdtempSync(join(tmpdir(), "maestro-fake-codex-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // The prompt on stdin, as the runner gives it (`-` as Codex's prompt argument).
  const run = (...args: string[]) =>
    execFileSync(fixture("fake-codex.mjs"), args, {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: process.env.PATH },
      input: "make the app",
    });

  it("replays a transcript line for line, with its own thread id and working directory", () => {
    const out = run("exec", "--json", "-s", "workspace-write", "-").trim().split("\n");
    const captured = transcript("edit").trim().split("\n");
    const threadId = JSON.parse(out[0]!).thread_id as string;
    expect(threadId).not.toBe(JSON.parse(captured[0]!).thread_id);
    expect(out).toEqual(captured.map((line) => line.replace(threadOf("edit"), threadId).replaceAll("$CWD", dir)));
    // The commands ran again: the file the transcript wrote is there.
    expect(readFileSync(join(dir, "notes.md"), "utf8")).toBe("edited by codex\n");
  });

  it("resumes with the conversation's own id, and fails as Codex does when the turn failed", () => {
    const resumed = run("exec", "--json", "resume", "0199a213-81c0-7800-8aa1-bbab2a035a53", "-");
    expect(JSON.parse(resumed.split("\n")[0]!).thread_id).toBe("0199a213-81c0-7800-8aa1-bbab2a035a53");
    expect(() => run("--transcript", "usage-limit", "exec", "--json", "-")).toThrow(/status 1|exit code 1|failed/i);
  });
});
