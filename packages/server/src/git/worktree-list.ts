import { runGit } from "./run-git";

export interface GitWorktree {
  path: string;
  /** The commit checked out (null in a repository without commits). */
  head: string | null;
  /** The branch checked out, without `refs/heads/` (null when detached or bare). */
  branch: string | null;
  isBare: boolean;
}

/** Every worktree of the repository `repo` belongs to (`git worktree list --porcelain -z`). */
export async function listGitWorktrees(repo: string): Promise<GitWorktree[]> {
  const result = await runGit(repo, ["worktree", "list", "--porcelain", "-z"]);
  const worktrees: GitWorktree[] = [];
  let current: GitWorktree | null = null;
  for (const field of result.stdout.split("\0")) {
    if (field === "") {
      if (current) worktrees.push(current);
      current = null;
      continue;
    }
    const [name, ...rest] = field.split(" ");
    const value = rest.join(" ");
    if (name === "worktree") current = { path: value, head: null, branch: null, isBare: false };
    else if (!current) continue;
    else if (name === "HEAD") current.head = value;
    else if (name === "branch") current.branch = value.replace(/^refs\/heads\//, "");
    else if (name === "bare") current.isBare = true;
  }
  if (current) worktrees.push(current);
  return worktrees;
}

/** The worktrees that have `branch` checked out (git allows one, unless forced). */
export async function checkoutsOf(repo: string, branch: string): Promise<GitWorktree[]> {
  return (await listGitWorktrees(repo)).filter((worktree) => worktree.branch === branch && !worktree.isBare);
}
