import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { groupOf, isAlive, stopProcessGroup } from "../src/index";

/** A shell that starts a grandchild and prints its pid, like an agent running a tool. */
function spawnTree(script: string) {
  const child = spawn("bash", ["-c", script], { detached: true, stdio: ["ignore", "pipe", "ignore"] });
  const grandchild = new Promise<number>((resolve) => {
    child.stdout.once("data", (data: Buffer) => resolve(Number(data.toString().trim())));
  });
  return { child, grandchild };
}

// Real process trees: a timeout well above the 2 s grace periods, for a loaded machine.
describe("stopProcessGroup", { timeout: 20_000 }, () => {
  it("terminates the whole tree on SIGTERM", async () => {
    const { child, grandchild } = spawnTree("sleep 30 & echo $!; wait");
    const pid = await grandchild;
    expect(isAlive(pid)).toBe(true);
    expect(await stopProcessGroup(groupOf(child), { graceMs: 2_000 })).toEqual({ outcome: "terminated" });
    expect(isAlive(pid)).toBe(false);
  });

  it("kills a tree that ignores SIGTERM after the grace period", async () => {
    const { child, grandchild } = spawnTree("trap '' TERM; bash -c \"trap '' TERM; sleep 30\" & echo $!; wait");
    const pid = await grandchild;
    expect(await stopProcessGroup(groupOf(child), { graceMs: 300 })).toEqual({ outcome: "killed" });
    expect(isAlive(pid)).toBe(false);
  });

  it("lets a stopped (SIGSTOP) tree handle SIGTERM, without waiting out the grace period", async () => {
    // A handled SIGTERM (unlike the default action) waits until the process is continued.
    const { child, grandchild } = spawnTree("trap 'kill $!; exit 0' TERM; sleep 30 & echo $!; wait");
    const pid = await grandchild;
    process.kill(-groupOf(child), "SIGSTOP");
    const started = Date.now();
    expect(await stopProcessGroup(groupOf(child), { graceMs: 5_000 })).toEqual({ outcome: "terminated" });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(isAlive(pid)).toBe(false);
  });

  it("counts a zombie (ended, not yet reaped) as gone", async () => {
    // `sleep` replaces the shell and never reaps the shell's child `true`: it stays a zombie.
    const { child, grandchild } = spawnTree("true & echo $!; exec sleep 30");
    const zombie = await grandchild;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isAlive(zombie)).toBe(false);
    expect(isAlive(groupOf(child))).toBe(true);
    expect(await stopProcessGroup(groupOf(child), { graceMs: 2_000 })).toEqual({ outcome: "terminated" });
  });

  it("reports a group that is already gone", async () => {
    const child = spawn("true", [], { detached: true });
    await new Promise((resolve) => child.once("exit", resolve));
    expect(await stopProcessGroup(groupOf(child))).toEqual({ outcome: "already_gone" });
  });
});
