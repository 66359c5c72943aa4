import type { AgentAdapter } from "./agent";
import type { Session } from "./session";
import type { Task } from "./task";

/**
 * Adapters whose tool can continue its own earlier conversation by id (Claude Code's
 * `--resume <id>`, Codex's `exec resume <id>`, Gemini CLI's `--resume <id>`, OpenCode's
 * `run --session <id>`). Aider has no conversation id: it starts over, with the whole prompt.
 */
export const RESUMING_ADAPTERS = [
  "claude-code",
  "codex",
  "gemini",
  "opencode",
] as const satisfies readonly AgentAdapter[];

export function canAdapterResume(adapter: AgentAdapter): boolean {
  return (RESUMING_ADAPTERS as readonly AgentAdapter[]).includes(adapter);
}

/** Why a new run continues `previous`, in words for the agent and the timeline. */
export function resumeReason(previous: Pick<Session, "status" | "error" | "endReason">): string {
  // Where the end reason says more than the status does.
  switch (previous.endReason) {
    case "stalled":
      return "it was stopped after its agent printed nothing for its stall limit";
    case "runner_lost":
      return "it was interrupted (its runner went away)";
    case "server_restart":
      return "it was interrupted (the Maestro server restarted)";
  }
  switch (previous.status) {
    case "interrupted":
      return "it was interrupted (its runner or the Maestro server stopped)";
    case "waiting":
      return "it was paused by a usage limit, which has now reset";
    case "timed_out":
      return "it was stopped for running past its time limit";
    case "cancelled":
      return "it was stopped";
    case "failed":
      return previous.error ? `it ended with an error: ${previous.error}` : "it ended with an error";
    default:
      return "it is resumed";
  }
}

/**
 * What a resumed agent is told. Its conversation already holds the task, the project context
 * and how to report, so this only says why it continues and what is still expected — and, for
 * a follow-up (a failed check, requested changes, a conflict), what to do now.
 */
export function composeResumePrompt({
  reason,
  tasks,
  followUp = null,
}: {
  reason: string;
  tasks: readonly Pick<Task, "key" | "title">[];
  followUp?: string | null;
}): string {
  const work = tasks.map((task) => `${task.key}: ${task.title}`).join(", ");
  return [
    `Maestro is resuming this session: ${reason}.`,
    `Continue where you left off on ${work}. Check what is already done in the working directory before you change anything.`,
    'Report as before with `maestro report …`, and `maestro report done "<summary>"` when the acceptance criteria are met.',
    ...(followUp ? [followUp] : []),
  ].join("\n\n");
}
