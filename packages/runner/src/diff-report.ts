import {
  type DiffFile,
  MAX_CHANGED_FILES,
  MAX_DIFF_REPORT_JSON_BYTES,
  MAX_REPORTED_PATCH_BYTES,
  cutAtLineEnd,
  toDiffFiles,
} from "@maestro/domain";
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

interface DiffReport {
  files: DiffFile[];
  patch: string;
  isTruncated: boolean;
}

/**
 * The report cut to what the server takes (MAX_DIFF_REPORT_JSON_BYTES as JSON): the patch is
 * cut at a line end, by as much as the report is too long, until it fits; only if it is gone and
 * the file list alone is too long is that halved. A report the server refused as too large would never reach review.
 */
export function fitDiffReport<R extends DiffReport>(report: R, maxJsonBytes = MAX_DIFF_REPORT_JSON_BYTES): R {
  let fitted = report;
  const size = () => Buffer.byteLength(JSON.stringify(fitted));
  while (size() > maxJsonBytes) {
    const excess = size() - maxJsonBytes;
    if (fitted.patch.length > 0) {
      // As much shorter as the report is too long, the escaping's share included; a line at least.
      const patchJson = Buffer.byteLength(JSON.stringify(fitted.patch));
      const bytes = Buffer.byteLength(fitted.patch);
      const keep = Math.min(bytes - 1, Math.floor((bytes * (patchJson - excess)) / patchJson) - 1);
      fitted = { ...fitted, patch: cutAtLineEnd(fitted.patch, Math.max(0, keep)).patch, isTruncated: true };
    } else if (fitted.files.length > 0) {
      fitted = { ...fitted, files: fitted.files.slice(0, Math.floor(fitted.files.length / 2)), isTruncated: true };
    } else {
      return fitted;
    }
  }
  return fitted;
}
