import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { measureGroupsRssMb, readAvailableMemoryMb } from "../src/memory";

const HOLD = `const b = Buffer.alloc(100 * 1024 * 1024, 1); console.log(process.pid); setTimeout(() => b, 30000)`;

/** A shell (its own group) whose child holds 100 MiB, in a session and group of its own when `escape`. */
async function spawnHolder(escape: boolean) {
  const holder = `${escape ? "setsid " : ""}'${process.execPath}' -e '${HOLD}' & wait`;
  const shell = spawn("bash", ["-c", holder], { detached: true, stdio: ["ignore", "pipe", "ignore"] });
  const pid = await new Promise<number>((resolve) => shell.stdout.once("data", (data) => resolve(Number(data))));
  const stop = () => [-shell.pid!, pid].forEach((target) => process.kill(target, "SIGKILL"));
  return { pgid: shell.pid!, pid, stop };
}

// Real processes: what an agent's tree holds, wherever in the tree it is held.
describe("measureGroupsRssMb", { timeout: 20_000 }, () => {
  it("sums the resident memory of every process of the group", async () => {
    const tree = await spawnHolder(false);
    try {
      expect(measureGroupsRssMb([tree.pgid]).get(tree.pgid)).toBeGreaterThanOrEqual(100);
    } finally {
      tree.stop();
    }
  });

  it("counts a descendant that left for a session of its own", async () => {
    const tree = await spawnHolder(true);
    try {
      expect(measureGroupsRssMb([tree.pgid]).get(tree.pgid)).toBeGreaterThanOrEqual(100);
    } finally {
      tree.stop();
    }
  });

  it("measures a group that is gone as 0, and reads this machine's available memory", () => {
    expect(measureGroupsRssMb([2 ** 22 + 1]).get(2 ** 22 + 1)).toBe(0);
    expect(readAvailableMemoryMb()).toBeGreaterThan(0);
  });
});
