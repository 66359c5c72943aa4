import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from "node:fs";
import { relative, resolve } from "node:path";

/** The largest repository-borne document (skill, steering doc, spec file) the server reads. */
export const MAX_DOCUMENT_BYTES = 256 * 1024;

export const REFUSAL_REASONS = ["outside", "not-a-file", "too-large"] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
export type ContainedRead = { text: string } | { refused: string; reason: RefusalReason } | null;

function isWithin(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== "" && !rel.startsWith("..") && resolve(root, rel) === target;
}

/**
 * A repository-borne file read as data: null when nothing is there; refused when it resolves
 * outside `folder`, is not a regular file (a device, a pipe) or is over the cap. The file is
 * opened at its real path without blocking and checked on the open descriptor, so a swap
 * between the check and the read cannot lead to /proc or /dev.
 */
export function readContainedFile(folder: string, path: string, maxBytes = MAX_DOCUMENT_BYTES): ContainedRead {
  if (!lstatSync(path, { throwIfNoEntry: false })) return null;
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return null; // a dangling link
  }
  if (!isWithin(realpathSync(folder), real)) return { refused: `${path} leads outside ${folder}`, reason: "outside" };
  const fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { refused: `${path} is not a regular file`, reason: "not-a-file" };
    const tooLarge = {
      refused: `${path} is over the ${maxBytes / 1024} KB limit for repository documents`,
      reason: "too-large" as const,
    };
    if (stat.size > maxBytes) return tooLarge;
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length <= maxBytes; length += n) {
      n = readSync(fd, buffer, length, buffer.length - length, null);
    }
    return length > maxBytes ? tooLarge : { text: buffer.toString("utf8", 0, length) };
  } finally {
    closeSync(fd);
  }
}
