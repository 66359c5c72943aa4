import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

/** Entries looked at before giving up on an exact size: a worktree can hold a huge node_modules. */
const MAX_ENTRIES = 200_000;

/** Bytes of the files under `dir` (symlinks not followed), at most MAX_ENTRIES of them. */
export async function directorySize(dir: string): Promise<number> {
  let total = 0;
  let seen = 0;
  const pending = [dir];
  while (pending.length > 0 && seen < MAX_ENTRIES) {
    const current = pending.pop()!;
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      seen++;
      const path = join(current, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else {
        total += await lstat(path).then(
          (stat) => stat.size,
          () => 0,
        );
      }
    }
  }
  return total;
}
