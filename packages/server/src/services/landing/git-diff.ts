import type { DiffFile } from "@maestro/domain";
import { runGit } from "../../git/run-git";

/** The unified diff is cut here: a review view cannot use more, and a repository can hold anything. */
export const MAX_PATCH_BYTES = 4 * 1024 * 1024;

const STATUS_OF: Record<string, DiffFile["status"]> = {
  A: "added",
  M: "modified",
  D: "deleted",
  R: "renamed",
  C: "copied",
  T: "type_changed",
};

interface NameStatus {
  status: DiffFile["status"];
  path: string;
  oldPath: string | null;
}

/** `--name-status -z`: "R100\0old\0new\0" for renames and copies, "M\0path\0" otherwise. */
function parseNameStatus(output: string): NameStatus[] {
  const parts = output.split("\0");
  const entries: NameStatus[] = [];
  for (let i = 0; i + 1 < parts.length;) {
    const code = parts[i]!;
    const status = STATUS_OF[code[0] ?? ""] ?? "modified";
    if (status === "renamed" || status === "copied") {
      entries.push({ status, oldPath: parts[i + 1]!, path: parts[i + 2] ?? "" });
      i += 3;
    } else {
      entries.push({ status, oldPath: null, path: parts[i + 1]! });
      i += 2;
    }
  }
  return entries.filter((entry) => entry.path !== "");
}

/** `--numstat -z`: "adds\tdels\tpath\0", or "adds\tdels\t\0old\0new\0" for renames; "-" for binary. */
function parseNumstat(output: string): Map<string, { additions: number; deletions: number; isBinary: boolean }> {
  const parts = output.split("\0");
  const counts = new Map<string, { additions: number; deletions: number; isBinary: boolean }>();
  for (let i = 0; i < parts.length; i++) {
    const [adds, dels, path] = parts[i]!.split("\t");
    if (adds === undefined || dels === undefined || path === undefined) continue;
    const isBinary = adds === "-" && dels === "-";
    let name = path;
    if (path === "") {
      name = parts[i + 2] ?? "";
      i += 2;
    }
    counts.set(name, { additions: isBinary ? 0 : Number(adds), deletions: isBinary ? 0 : Number(dels), isBinary });
  }
  return counts;
}

/** The files `head` changes against `base`, with their +/− counts (renames followed). */
export async function diffFiles(repo: string, base: string, head: string): Promise<DiffFile[]> {
  const [names, numbers] = await Promise.all([
    runGit(repo, ["diff", "--no-textconv", "--name-status", "-z", "-M", base, head]),
    runGit(repo, ["diff", "--no-textconv", "--numstat", "-z", "-M", base, head]),
  ]);
  const counts = parseNumstat(numbers.stdout);
  return parseNameStatus(names.stdout).map((entry) => ({
    ...entry,
    ...(counts.get(entry.path) ?? { additions: 0, deletions: 0, isBinary: false }),
  }));
}

/** The unified diff, cut at MAX_PATCH_BYTES (at a line end). */
export async function diffPatch(
  repo: string,
  base: string,
  head: string,
): Promise<{ patch: string; isTruncated: boolean }> {
  const result = await runGit(repo, ["diff", "--no-color", "--no-ext-diff", "--no-textconv", "-M", base, head], {
    maxBytes: 256 * 1024 * 1024,
  });
  if (Buffer.byteLength(result.stdout) <= MAX_PATCH_BYTES) return { patch: result.stdout, isTruncated: false };
  const cut = result.stdout.slice(0, MAX_PATCH_BYTES);
  return { patch: cut.slice(0, cut.lastIndexOf("\n") + 1), isTruncated: true };
}
