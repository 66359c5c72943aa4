import type { CommandSpec } from "../command";
import { renderDiffStat, renderPatch } from "../format-diff";
import { renderChecks, renderReviews } from "../format-landing";
import { collectPages, oldestFirst } from "../pages";
import { withSpinner } from "../spinner";
import { TASK_ARG } from "./common-specs";

export const taskDiff: CommandSpec = {
  path: ["task", "diff"],
  summary: "what the task's branch changes, against its merge base with the target branch",
  args: [TASK_ARG],
  options: [{ flags: "--stat", description: "only the changed files with their +/− counts and a total" }],
  examples: [
    "maestro task diff WEB-3 --stat",
    "maestro task diff WEB-3 | less -R",
    "maestro task diff WEB-3 > web-3.patch",
  ],
  async run(ctx, [ref], options) {
    const isStat = options.stat === true;
    const diff = await withSpinner(ctx, `diffing ${ref}…`, () =>
      ctx.client().task.diff.query({ id: ref!, stat: isStat }),
    );
    if (ctx.output.json || isStat) return ctx.output.result(diff, () => renderDiffStat(ctx.output, diff));
    // Piped, stdout holds the patch and nothing else (it applies with `git apply`); notes go to stderr.
    if (!diff.patch) return ctx.io.err(`${ref}: no changes`);
    ctx.output.result(diff, () => renderPatch(ctx.output, diff.patch!));
    if (diff.isTruncated) {
      ctx.io.err(
        `note: the diff is truncated; \`maestro task diff ${ref} --stat\` lists every file, ` +
          `\`git diff ${diff.base.slice(0, 12)} ${diff.head.slice(0, 12)}\` in the project shows all of it`,
      );
    }
  },
};

export const taskReviews: CommandSpec = {
  path: ["task", "reviews"],
  summary: "the task's review history: who, when, verdict, comments",
  args: [TASK_ARG],
  async run(ctx, [ref]) {
    // Pages come newest first; the history reads oldest first.
    const reviews = oldestFirst(await collectPages((page) => ctx.client().task.reviews.query({ id: ref!, ...page })));
    ctx.output.result(reviews, () => (reviews.length ? renderReviews(ctx.output, reviews) : "No reviews yet."));
  },
};

export const taskChecks: CommandSpec = {
  path: ["task", "checks"],
  summary: "every run of the project's checks on the task, and how each ended",
  args: [TASK_ARG],
  async run(ctx, [ref]) {
    const checks = oldestFirst(await collectPages((page) => ctx.client().task.checks.query({ id: ref!, ...page })));
    ctx.output.result(checks, () => (checks.length ? renderChecks(ctx.output, checks) : "No checks have run."));
  },
};
