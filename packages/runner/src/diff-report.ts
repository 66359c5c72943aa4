import { type DiffFile, MAX_CHANGED_FILES, MAX_REPORTED_PATCH_BYTES, cutAtLineEnd, toDiffFiles } from "@maestro/domain";
import { git } from "./git";

/** The files `head` changes against `base`, with their +/− counts (renames followed), as the server lists them. */
export async function diffFiles(repo: string, base: string, head: string): Promise<DiffFile[]> {
  const listing = (format: string) =>
    git(repo, ["diff", format, "--no-textconv", "-z", "-M", base, head, "--"], { maxBytes: 64 * 1024 * 1024 });
  const [names, numbers] = await Promise.all([listing("--name-status"), listing("--numstat")]);
  return toDiffFiles({ nameStatus: names.stdout, numstat: numbers.stdout }, MAX_CHANGED_FILES);
}

/** The unified diff of `head` against `base`, cut at `maxBytes` (at a line end). */
export async function diffPatch(
  repo: string,
  { base, head, maxBytes = MAX_REPORTED_PATCH_BYTES }: { base: string; head: string; maxBytes?: number },
): Promise<{ patch: string; isTruncated: boolean }> {
  const args = ["diff", "--no-color", "--no-ext-diff", "--no-textconv", "-M", base, head, "--"];
  const result = await git(repo, args, { maxBytes: 256 * 1024 * 1024 });
  return cutAtLineEnd(result.stdout, maxBytes);
}
