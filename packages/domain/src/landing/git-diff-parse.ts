import type { DiffFile } from "./views";

/**
 * The server (a repository on its machine) and the runners (a remote project's clone) list a
 * branch's changes from the same git output, so that both show a review the same files and counts.
 */

const STATUS_OF: Record<string, DiffFile["status"]> = {
  A: "added",
  M: "modified",
  D: "deleted",
  R: "renamed",
  C: "copied",
  T: "type_changed",
};

export type DiffEntry = Pick<DiffFile, "status" | "path" | "oldPath">;
export type DiffCounts = Pick<DiffFile, "additions" | "deletions" | "isBinary">;

/** `git diff --name-status -z`: "R100\0old\0new\0" for renames and copies, "M\0path\0" otherwise. */
export function parseNameStatus(output: string): DiffEntry[] {
  const parts = output.split("\0");
  const entries: DiffEntry[] = [];
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

/** `git diff --numstat -z`: "adds\tdels\tpath\0", or "adds\tdels\t\0old\0new\0" for renames; "-" for binary. */
export function parseNumstat(output: string): Map<string, DiffCounts> {
  const parts = output.split("\0");
  const counts = new Map<string, DiffCounts>();
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

/** The changed files of both listings (at most `limit` of them), each with its counts (none found: zero). */
export function toDiffFiles(
  output: { nameStatus: string; numstat: string },
  limit = Number.POSITIVE_INFINITY,
): DiffFile[] {
  const counts = parseNumstat(output.numstat);
  return parseNameStatus(output.nameStatus)
    .slice(0, limit)
    .map((entry) => ({ ...entry, ...(counts.get(entry.path) ?? { additions: 0, deletions: 0, isBinary: false }) }));
}

/** `text` cut to at most `maxBytes` of UTF-8, at the end of a line (a character is never split). */
export function cutAtLineEnd(text: string, maxBytes: number): { patch: string; isTruncated: boolean } {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= maxBytes) return { patch: text, isTruncated: false };
  const lastNewline = bytes.subarray(0, maxBytes).lastIndexOf(0x0a);
  return { patch: new TextDecoder().decode(bytes.subarray(0, lastNewline + 1)), isTruncated: true };
}
