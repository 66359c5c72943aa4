import type {
  FileOverlap,
  LandState,
  PruneResult,
  TaskCheck,
  TaskLanding,
  TaskReview,
  WorktreeInfo,
} from "@maestro/domain";
import type { Output } from "./output";

const none = "—";

export function shortCommit(commit: string | null): string {
  return commit ? commit.slice(0, 7) : none;
}

export function landStateLabel(output: Output, state: LandState): string {
  const c = output.colors;
  switch (state) {
    case "none":
      return c.dim(state);
    case "queued":
    case "landing":
    case "pr_open":
      return c.cyan(state);
    case "waiting":
      return c.yellow(state);
    case "conflict":
      return c.red(state);
    case "landed":
      return c.green(state);
  }
}

function stateLabel(output: Output, state: string): string {
  const c = output.colors;
  if (state === "passed" || state === "approved") return c.green(state);
  if (state === "failed" || state === "changes_requested") return c.red(state);
  if (state === "none") return c.dim(state);
  return c.yellow(state);
}

/** Whether the task's work has ever gone near a branch (the landing section is noise otherwise). */
export function hasLanding(landing: TaskLanding): boolean {
  return landing.branch !== null || landing.landState !== "none" || landing.reviewState !== "none";
}

/** The task's branch and where its work stands: checks, review, landing. */
export function landingPairs(output: Output, landing: TaskLanding): Array<[string, string]> {
  const pairs: Array<[string, string]> = [
    ["branch", landing.branch ?? none],
    ["base", shortCommit(landing.baseCommit)],
    ["head", shortCommit(landing.headCommit)],
    ["checks", stateLabel(output, landing.checksState)],
    ["review", stateLabel(output, landing.reviewState)],
    ["land", landStateLabel(output, landing.landState)],
  ];
  if (landing.note) pairs.push(["note", landing.note]);
  if (landing.conflictFiles.length) pairs.push(["conflicts", landing.conflictFiles.join(", ")]);
  const changed = landing.changedFiles.length;
  if (changed) pairs.push(["changes", `${changed} file${changed === 1 ? "" : "s"}`]);
  if (landing.landedCommit) {
    pairs.push(["landed", `${shortCommit(landing.landedCommit)}${landing.landedAt ? ` at ${landing.landedAt}` : ""}`]);
  }
  if (landing.prUrl) pairs.push(["pull request", landing.prUrl]);
  return pairs;
}

/** Each verdict with who gave it, when, on which commit, and its comments. */
export function renderReviews(output: Output, reviews: readonly TaskReview[]): string {
  const c = output.colors;
  return reviews
    .map((review) => {
      const verdict = review.verdict === "approve" ? c.green("approved") : c.red("requested changes");
      const lines = [`  ${c.dim(review.createdAt)}  ${review.actor} ${verdict} (${shortCommit(review.headCommit)})`];
      if (review.comment) lines.push(`    ${review.comment}`);
      for (const comment of review.comments) {
        lines.push(`    ${c.bold(`${comment.file}:${comment.line}`)}  ${comment.text}`);
      }
      return lines.join("\n");
    })
    .join("\n");
}

/** Each run of the project's checks on the task, with how it ended. */
export function renderChecks(output: Output, checks: readonly TaskCheck[]): string {
  const c = output.colors;
  return checks
    .map((check) => {
      const mark = check.status === "passed" ? c.green("✓") : check.status === "failed" ? c.red("✗") : c.yellow("…");
      const exit = check.exitCode === null ? "" : ` (exit ${check.exitCode})`;
      return `  ${mark} ${check.command}  ${stateLabel(output, check.status)}${exit}  ${c.dim(check.startedAt)}`;
    })
    .join("\n");
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function renderWorktreeTable(output: Output, worktrees: readonly WorktreeInfo[]): string {
  const c = output.colors;
  return output.table(
    worktrees,
    [
      { header: "PATH", value: (w) => w.path },
      { header: "TASK", value: (w) => w.taskKey ?? none },
      { header: "BRANCH", value: (w) => w.branch ?? none },
      { header: "DIRTY", value: (w) => (w.dirtyFiles.length ? c.yellow(String(w.dirtyFiles.length)) : "0") },
      { header: "NOT LANDED", value: (w) => (w.commitsNotLanded ? c.yellow(String(w.commitsNotLanded)) : "0") },
      { header: "SIZE", value: (w) => formatBytes(w.sizeBytes) },
      { header: "PRUNE", value: (w) => (w.isPrunable ? c.green("yes") : c.dim(w.reason ?? "no")), max: 50 },
    ],
    "No worktrees.",
  );
}

export function renderPruneResult(output: Output, result: PruneResult): string {
  const c = output.colors;
  const verb = result.isDryRun ? "would remove" : "removed";
  const lines = [
    ...result.removed.map((path) => `${c.green("✓")} ${verb} ${path}`),
    ...result.kept.map((kept) => `${c.dim("·")} kept ${kept.path}: ${kept.reason}`),
  ];
  const count = (n: number) => `${n} worktree${n === 1 ? "" : "s"}`;
  const summary = `${result.isDryRun ? "Would remove" : "Removed"} ${count(result.removed.length)}, kept ${result.kept.length}`;
  const hint = result.kept.length ? c.dim(" (--force removes them too, losing their work)") : "";
  return [...lines, `${summary}${hint}`].join("\n");
}

/** "also changes src/a.ts: WEB-7, WEB-9; src/b.ts: WEB-8": conflicts to expect when they land. */
function renderOverlaps(output: Output, overlaps: readonly FileOverlap[]): string {
  const files = overlaps.map((overlap) => `${overlap.file}: ${overlap.taskKeys.join(", ")}`).join("; ");
  return output.colors.yellow(`also changes ${files}`);
}

/** `task show`'s landing part: the branch and its states, then the checks that ran and the review history. */
export function renderLandingSection(
  output: Output,
  landing: TaskLanding,
  history: { reviews: readonly TaskReview[]; checks: readonly TaskCheck[]; overlaps: readonly FileOverlap[] },
): string {
  const bold = output.colors.bold;
  const pairs = landingPairs(output, landing);
  if (history.overlaps.length) pairs.push(["overlaps", renderOverlaps(output, history.overlaps)]);
  const sections = [`\n${bold("Landing")}\n${output.details(pairs)}`];
  if (history.checks.length) sections.push(`\n${bold("Checks")}\n${renderChecks(output, history.checks)}`);
  if (history.reviews.length) sections.push(`\n${bold("Reviews")}\n${renderReviews(output, history.reviews)}`);
  return sections.join("\n");
}
