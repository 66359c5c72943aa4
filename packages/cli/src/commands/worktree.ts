import { type CommandSpec, stringOption } from "../command";
import { renderPruneResult, renderWorktreeTable } from "../format-landing";
import { LIMIT_FLAG, type PageQuery, collectPages, eachPage, limitOption, printJsonPages } from "../pages";
import { withSpinner } from "../spinner";

const PROJECT_FILTER = { flags: "--project <p>", description: "only this project's worktrees (id or key)" };

export const worktreeList: CommandSpec = {
  path: ["worktree", "list"],
  summary: "the worktrees Maestro made: path, task, branch, dirty files, commits not landed, size",
  options: [PROJECT_FILTER, LIMIT_FLAG],
  examples: ["maestro worktree list --project WEB"],
  async run(ctx, _args, options) {
    const projectId = stringOption(options, "project");
    const limit = limitOption(options);
    const fetchPage = (page: PageQuery) => ctx.client().worktree.list.query({ projectId, ...page });
    if (ctx.output.json) return printJsonPages(ctx.io, eachPage(fetchPage, limit));
    const worktrees = await withSpinner(ctx, "measuring worktrees…", () => collectPages(fetchPage, limit));
    ctx.output.result(worktrees, () => renderWorktreeTable(ctx.output, worktrees));
  },
};

export const worktreePrune: CommandSpec = {
  path: ["worktree", "prune"],
  summary: "remove worktrees whose work has landed (or holds nothing) and their merged branches",
  options: [
    PROJECT_FILTER,
    { flags: "--dry-run", description: "say what would be removed, remove nothing" },
    {
      flags: "--force",
      description: "also remove worktrees with uncommitted changes or commits not landed (their work is lost)",
    },
  ],
  examples: ["maestro worktree prune --dry-run", "maestro worktree prune --project WEB"],
  async run(ctx, _args, options) {
    const result = await withSpinner(ctx, "pruning worktrees…", () =>
      ctx.client().worktree.prune.mutate({
        projectId: stringOption(options, "project"),
        dryRun: options.dryRun === true,
        force: options.force === true,
      }),
    );
    ctx.output.result(result, () => renderPruneResult(ctx.output, result));
  },
};
