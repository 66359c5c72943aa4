import { type DiffFile, cutAtLineEnd, toDiffFiles } from "@maestro/domain";
import { runGit } from "../../git/run-git";

/** The unified diff is cut here: a review view cannot use more, and a repository can hold anything. */
export const MAX_PATCH_BYTES = 4 * 1024 * 1024;

/** The files `head` changes against `base`, with their +/− counts (renames followed). */
export async function diffFiles(repo: string, base: string, head: string): Promise<DiffFile[]> {
  const [names, numbers] = await Promise.all([
    runGit(repo, ["diff", "--no-textconv", "--name-status", "-z", "-M", base, head]),
    runGit(repo, ["diff", "--no-textconv", "--numstat", "-z", "-M", base, head]),
  ]);
  return toDiffFiles({ nameStatus: names.stdout, numstat: numbers.stdout });
}

/** The unified diff, cut at MAX_PATCH_BYTES of UTF-8 (at a line end). */
export async function diffPatch(
  repo: string,
  base: string,
  head: string,
): Promise<{ patch: string; isTruncated: boolean }> {
  const result = await runGit(repo, ["diff", "--no-color", "--no-ext-diff", "--no-textconv", "-M", base, head], {
    maxBytes: 256 * 1024 * 1024,
  });
  return cutAtLineEnd(result.stdout, MAX_PATCH_BYTES);
}
