import { type DiffFile, MAX_CHANGED_FILES, MAX_REPORTED_PATCH_BYTES } from "@maestro/domain";
import { git } from "./git";

const STATUS_OF: Record<string, DiffFile["status"]> = {
  A: "added",
  M: "modified",
  D: "deleted",
  R: "renamed",
  C: "copied",
  T: "type_changed",
};

type Entry = Pick<DiffFile, "status" | "path" | "oldPath">;
type Counts = Pick<DiffFile, "additions" | "deletions" | "isBinary">;

/** `--name-status -z`: "R100\0old\0new\0" for renames and copies, "M\0path\0" otherwise. */
function parseNameStatus(output: string): Entry[] {
  const parts = output.split("\0");
  const entries: Entry[] = [];
  for (let i = 0; i + 1 < parts.length;) {
    const status = STATUS_OF[parts[i]![0] ?? ""] ?? "modified";
    const isPair = status === "renamed" || status === "copied";
    entries.push(
      isPair
        ? { status, oldPath: parts[i + 1]!, path: parts[i + 2] ?? "" }
        : { status, oldPath: null, path: parts[i + 1]! },
    );
    i += isPair ? 3 : 2;
  }
  return entries.filter((entry) => entry.path !== "");
}

/** `--numstat -z`: "adds\tdels\tpath\0", or "adds\tdels\t\0old\0new\0" for renames; "-" for binary. */
function parseNumstat(output: string): Map<string, Counts> {
  const parts = output.split("\0");
  const counts = new Map<string, Counts>();
  for (let i = 0; i < parts.length; i++) {
    const [adds, dels, path] = parts[i]!.split("\t");
    if (adds === undefined || dels === undefined || path === undefined) continue;
    const isBinary = adds === "-" && dels === "-";
    const name = path === "" ? (parts[i + 2] ?? "") : path;
    if (path === "") i += 2;
    counts.set(name, { additions: isBinary ? 0 : Number(adds), deletions: isBinary ? 0 : Number(dels), isBinary });
  }
  return counts;
}

/** The files `head` changes against `base`, with their +/− counts (renames followed), as the server lists them. */
export async function diffFiles(repo: string, base: string, head: string): Promise<DiffFile[]> {
  const listing = (format: string) =>
    git(repo, ["diff", format, "--no-textconv", "-z", "-M", base, head, "--"], { maxBytes: 64 * 1024 * 1024 });
  const [names, numbers] = await Promise.all([listing("--name-status"), listing("--numstat")]);
  const counts = parseNumstat(numbers.stdout);
  return parseNameStatus(names.stdout)
    .slice(0, MAX_CHANGED_FILES)
    .map((entry) => ({ ...entry, ...(counts.get(entry.path) ?? { additions: 0, deletions: 0, isBinary: false }) }));
}

/** `text` cut to at most `maxBytes` of UTF-8, at the end of a line. */
export function cutAtLineEnd(text: string, maxBytes: number): { patch: string; isTruncated: boolean } {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= maxBytes) return { patch: text, isTruncated: false };
  const lastNewline = bytes.subarray(0, maxBytes).lastIndexOf(0x0a);
  return { patch: bytes.subarray(0, lastNewline + 1).toString("utf8"), isTruncated: true };
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
