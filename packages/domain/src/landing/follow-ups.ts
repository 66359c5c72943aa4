import type { LineComment } from "./views";

/** A check's output beyond this is left to the session's log: the agent needs the end of it. */
export const FOLLOW_UP_OUTPUT_CHARS = 8_000;

export interface FailedCheck {
  command: string;
  exitCode: number | null;
  outputTail: string;
}

/** A line comment with the part of the task's diff it sits in (null when the line is not in a hunk). */
export type ReviewNote = LineComment & { hunk: string | null };

/** A fence that no run of backticks inside `text` can close early. */
function fenced(text: string, info = ""): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${info}\n${text.replace(/\n$/, "")}\n${fence}`;
}

/** How a failed check is named wherever its failure shows: "check `pnpm test` failed (exit 1)". */
export function describeCheckFailure(check: Pick<FailedCheck, "command" | "exitCode">): string {
  const how = check.exitCode === null ? "was killed" : `exit ${check.exitCode}`;
  return `check \`${check.command}\` failed (${how})`;
}

/** What the agent is told after the project's checks failed on its branch. */
export function checkFailedFollowUp(check: FailedCheck): string {
  const output = check.outputTail.slice(-FOLLOW_UP_OUTPUT_CHARS);
  return [
    "# Follow-up: a check failed",
    `The project's checks ran on your branch after you finished, and ${describeCheckFailure(check)}.`,
    "The command:",
    fenced(check.command, "sh"),
    output.trim() ? "The end of its output:" : "It printed nothing.",
    ...(output.trim() ? [fenced(output)] : []),
    "Fix the cause (not the check), run the command yourself to see it pass, and commit your changes on this branch.",
  ].join("\n\n");
}

function describeNote(note: ReviewNote): string {
  const lines = [`## ${note.file}, line ${note.line}`, note.text];
  if (note.hunk) lines.push("Where it is in your diff:", fenced(note.hunk, "diff"));
  return lines.join("\n\n");
}

/** What the agent is told when a reviewer asked for changes: every comment with its place in the diff. */
export function changesRequestedFollowUp(review: {
  reviewer: string;
  comment: string;
  notes: readonly ReviewNote[];
}): string {
  return [
    "# Follow-up: changes requested in review",
    `Your branch was reviewed (by ${review.reviewer}) and changes were requested.`,
    ...(review.comment ? ["Their comment:", review.comment] : []),
    ...(review.notes.length ? ["# Comments on lines", ...review.notes.map(describeNote)] : []),
    "Make these changes on this branch and commit them. The checks run again when you finish.",
  ].join("\n\n");
}

/** What the agent is told when its branch conflicts with the target branch. */
export function resolveConflictFollowUp(conflict: { targetBranch: string; conflictFiles: readonly string[] }): string {
  const files = conflict.conflictFiles.length
    ? conflict.conflictFiles.map((file) => `- ${file}`).join("\n")
    : "- (git will name them when you merge)";
  return [
    `# Follow-up: your branch conflicts with ${conflict.targetBranch}`,
    `Your work cannot land: \`${conflict.targetBranch}\` moved on and changes the same lines. Files in conflict:`,
    files,
    `Merge \`${conflict.targetBranch}\` into your branch (\`git merge ${conflict.targetBranch}\`), resolve every conflict keeping the intent of both sides (their change and yours), make sure it builds and its tests pass, and commit the merge.`,
  ].join("\n\n");
}

/** The whole prompt of a follow-up session: the task's prompt, then what to do now. */
export function withFollowUp(prompt: string, followUp: string | null): string {
  return followUp ? `${prompt}\n\n${followUp}` : prompt;
}
