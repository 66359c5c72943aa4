// A disk that can fill up: a small tmpfs mounted on the home (root may mount), else the home's own
// filesystem when it is small enough to fill honestly; and a ballast file that takes what is free.
import { execFileSync } from "node:child_process";
import { closeSync, openSync, rmSync, statfsSync, writeSync } from "node:fs";
import { join } from "node:path";

const MEBIBYTE = 1024 * 1024;
/** Filling more than this just to run a trial would hurt the machine: refuse instead. */
const MAX_BALLAST_BYTES = 2_048 * MEBIBYTE;

export interface SmallDisk {
  /** How the disk was made small: "tmpfs 24 MiB" or "ballast on the home's filesystem". */
  how: string;
  /** Fills every free byte with a ballast file. */
  fill(): void;
  /** Removes the ballast: space returns. */
  free(): void;
  release(): void;
}

function freeBytes(dir: string): number {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
}

/** Writes `path` until the filesystem refuses (ENOSPC): big chunks first, then small ones for the tail. */
function writeUntilFull(path: string): void {
  const fd = openSync(path, "a");
  try {
    for (const size of [MEBIBYTE, 4_096, 512]) {
      const chunk = Buffer.alloc(size, 0x5a);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
}

function tryMount(dir: string, sizeMb: number): boolean {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMb}m,mode=0700`, "tmpfs", dir], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

/** Makes `dir`'s disk small (a tmpfs of `sizeMb`) or proves it is small enough to fill; throws if neither. */
export function makeSmallDisk(dir: string, sizeMb: number): SmallDisk {
  const isMounted = tryMount(dir, sizeMb);
  if (!isMounted && freeBytes(dir) > MAX_BALLAST_BYTES) {
    throw new Error(`cannot mount a tmpfs on ${dir} and its filesystem has over 2 GiB free to fill`);
  }
  const ballast = join(dir, "ballast");
  return {
    how: isMounted ? `tmpfs ${sizeMb} MiB` : "ballast on the home's filesystem",
    fill: () => writeUntilFull(ballast),
    free: () => rmSync(ballast, { force: true }),
    release() {
      rmSync(ballast, { force: true });
      if (isMounted) execFileSync("umount", ["-l", dir], { stdio: "pipe" });
    },
  };
}
