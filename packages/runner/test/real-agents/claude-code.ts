// What the real Claude Code needs to run as a Maestro session against the stand-in, what the
// stand-in answers it, and its captured transcripts (fixtures/claude-code/, replayed by
// fake-claude.mjs and parsed by the domain's tests).
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RecordedRequest, Reply, Turn } from "./anthropic-stand-in";

/**
 * Claude Code's switches for a machine with no network: CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC
 * alone stops every lookup of another host (telemetry, error reporting, update checks, the
 * start-up connectivity check); the others name each of those off on their own.
 */
export const OFFLINE_SWITCHES = {
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
  DISABLE_TELEMETRY: "1",
  DISABLE_ERROR_REPORTING: "1",
  DISABLE_AUTOUPDATER: "1",
} as const;

/** What a profile passes through: the base URL, the switches, and its one credential. */
export const allowlist = (credential: "ANTHROPIC_API_KEY" | "CLAUDE_CODE_OAUTH_TOKEN") => [
  "ANTHROPIC_BASE_URL",
  credential,
  ...Object.keys(OFFLINE_SWITCHES),
];

/** The working directory Claude Code states in the request it sends (as a model would read it). */
export function workingDirectoryOf(request: RecordedRequest): string {
  const match = /Primary working directory: (.+?)\\n/.exec(request.raw);
  if (!match) throw new Error("the request names no working directory");
  return match[1]!;
}

export const NOTES = "# Notes\n\nWritten by Claude Code for Maestro.\n";

// The three turns of a run that writes notes.md, reports done and says so spend 8,000 tokens in
// and 450 out, about $0.04 at Claude Code's price for its default model: what the fast tests
// (and the dashboard's, through fake-claude.mjs) expect of the captured transcript.

/** Writes notes.md in the working directory. */
export const writeNotes =
  (usage = { input_tokens: 2_000, output_tokens: 150 }): Turn =>
  (request) => ({
    text: "I'll write the notes.",
    tools: [{ name: "Write", input: { file_path: join(workingDirectoryOf(request), "notes.md"), content: NOTES } }],
    usage,
  });

export const reportDone = (usage = { input_tokens: 2_600, output_tokens: 150 }): Reply => ({
  tools: [
    { name: "Bash", input: { command: 'maestro report done "wrote notes.md"', description: "Report to Maestro" } },
  ],
  usage,
});

export const finalText = (usage = { input_tokens: 3_400, output_tokens: 150 }): Reply => ({
  text: "Wrote notes.md and reported done.",
  usage,
});

/** The API failing outright (not retried), which makes Claude Code exit 1. */
export const serverError: Turn = {
  error: { status: 500, type: "api_error", message: "Internal server error", headers: { "x-should-retry": "false" } },
};

/** The API's rate limit for an API key (no reset time), not retried. */
export const rateLimited: Turn = {
  error: {
    status: 429,
    type: "rate_limit_error",
    message: "This request would exceed your account's rate limit. Please try again later.",
    headers: { "x-should-retry": "false" },
  },
};

/** An overloaded API, which Claude Code retries. */
export const overloaded: Turn = {
  error: { status: 529, type: "overloaded_error", message: "Overloaded", headers: { "x-should-retry": "true" } },
};

/** A command its permissions do not allow. */
export const forcePush: Turn = {
  tools: [{ name: "Bash", input: { command: "git push --force", description: "Push" } }],
};

/** An allowed command that fails (a blocked report needs a reason). */
export const reportBlockedWithoutReason: Turn = {
  tools: [{ name: "Bash", input: { command: "maestro report blocked", description: "Report blocked" } }],
};

/** Claude Code's saved conversation (`--resume` reads it), under its HOME. */
export function conversationFile(home: string, conversationId: string): string | null {
  const projects = join(home, ".claude", "projects");
  if (!existsSync(projects)) return null;
  for (const project of readdirSync(projects)) {
    const file = join(projects, project, `${conversationId}.jsonl`);
    if (existsSync(file)) return file;
  }
  return null;
}

/** The user and assistant text of a request's messages, flattened (to look for an earlier turn). */
export function conversationText(request: RecordedRequest): string {
  return JSON.stringify(request.body?.messages ?? []);
}

// Transcripts: placeholders stand for what differs between runs (fake-claude.mjs fills them in).
const TRANSCRIPTS = fileURLToPath(new URL("../fixtures/claude-code/", import.meta.url));

export interface TranscriptValues {
  cwd: string;
  /** The project's own directory (the repository a worktree belongs to), which names Claude's project folder. */
  root: string;
  sessionId: string;
  home: string;
  apiHost: string;
}

/** Claude Code's name for a project's folder under ~/.claude/projects. */
const projectKey = (root: string) => root.replace(/[^a-zA-Z0-9]/g, "-");

function toPlaceholders(text: string, values: TranscriptValues): string {
  return text
    .replaceAll(values.home, "{{home}}")
    .replaceAll(projectKey(values.root), "{{projectKey}}")
    .replaceAll(values.cwd, "{{cwd}}")
    .replaceAll(values.sessionId, "{{sessionId}}")
    .replaceAll(values.apiHost, "{{apiHost}}");
}

/**
 * Claude Code tracks a Bash command that runs a while as a task (task_started, then
 * task_notification): whether `maestro report` takes that long depends on the machine's load
 * (the session's `maestro mcp` starts beside it), so those lines are not part of the shape.
 */
const isSlowCommandNotice = (event: Record<string, unknown>) =>
  event.type === "system" && (event.subtype === "task_started" || event.subtype === "task_notification");

/** Each line's kind and top-level fields: what the fake and the parser rely on. */
export function shapeOf(transcript: string): string[] {
  return transcript
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((event) => !isSlowCommandNotice(event))
    .map((event) => {
      const message = event.message as { content?: Array<{ type: string }> } | undefined;
      const blocks = Array.isArray(message?.content) ? message.content.map((block) => block.type).join("+") : "";
      return `${String(event.type)}/${String(event.subtype ?? "")}/${blocks} ${Object.keys(event).sort().join(",")}`;
    });
}

/**
 * Pins the committed transcript to what the real CLI printed now: the same lines, of the same
 * shape. With MAESTRO_CAPTURE_TRANSCRIPTS=1 the committed one is replaced by this run's instead.
 */
export function pinTranscript(name: string, transcript: string, values: TranscriptValues): string {
  const file = join(TRANSCRIPTS, `${name}.jsonl`);
  const captured = toPlaceholders(transcript.trim(), values) + "\n";
  if (process.env.MAESTRO_CAPTURE_TRANSCRIPTS === "1") writeFileSync(file, captured);
  return readFileSync(file, "utf8");
}
