import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { isAlive } from "../src/process-group";

// R2r (found by the chaos suite): a runner killed with kill -9 left its agents running with no
// one supervising them; the server ended their sessions, and the processes ran on.

const HOST = fileURLToPath(new URL("./fixtures/reaper-host.ts", import.meta.url));
const groups: number[] = [];

afterEach(() => {
  for (const pgid of groups.splice(0)) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // Gone, as it should be.
    }
  }
});

/** Starts the stand-in runner; resolves with it and its agent's process group once both run. */
async function startHost(mode: "watch" | "abandon") {
  const host = spawn(process.execPath, ["--import", "tsx", HOST, mode], { stdio: ["ignore", "pipe", "inherit"] });
  const pgid = await new Promise<number>((resolve) =>
    host.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString()))),
  );
  groups.push(pgid);
  // The reaper reads its lines as they come: give it a moment with them before the host dies.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { host, pgid };
}

async function killHost(host: ReturnType<typeof spawn>): Promise<void> {
  const exited = new Promise((resolve) => host.once("exit", resolve));
  host.kill("SIGKILL");
  await exited;
}

async function goneWithin(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(-pgid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isAlive(-pgid);
}

describe("the agent reaper", () => {
  it("stops the agent groups of a runner killed with kill -9", async () => {
    const { host, pgid } = await startHost("watch");
    expect(isAlive(-pgid)).toBe(true);
    await killHost(host);
    expect(await goneWithin(pgid, 5_000)).toBe(true);
  }, 20_000);

  it("leaves them alone when the runner abandoned them to the next server", async () => {
    const { host, pgid } = await startHost("abandon");
    await killHost(host);
    expect(await goneWithin(pgid, 2_500)).toBe(false);
  }, 20_000);
});
