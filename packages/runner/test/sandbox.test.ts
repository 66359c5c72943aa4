import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { type Server, createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type World, fixture, initRepo, startWorld } from "./world";

// Real agents under the real bwrap, supervised by a real runner (see world.ts).
let world: World;
let fakeHome: string;
let otherSecret: string;
let listener: Server;
let port: number;

/** Processes anywhere on the machine whose command line holds `marker`. */
function processesWith(marker: string): number[] {
  return readdirSync("/proc").flatMap((name) => {
    if (!/^\d+$/.test(name)) return [];
    try {
      return readFileSync(`/proc/${name}/cmdline`, "latin1").includes(marker) ? [Number(name)] : [];
    } catch {
      return [];
    }
  });
}

beforeAll(async () => {
  const base = execFileSync("mktemp", ["-d", "/tmp/maestro-sandbox-home-XXXXXX"]).toString().trim();
  fakeHome = base;
  // Another project in the user's home, with a file no sandboxed agent may read.
  mkdirSync(join(fakeHome, "other-project"));
  otherSecret = join(fakeHome, "other-project", "secret.txt");
  writeFileSync(otherSecret, "other project's secret\n");
  // The runner (and so each agent) has this home: writes to it must not land.
  world = await startWorld({ env: { ...process.env, HOME: fakeHome }, heartbeatMs: 60_000 });
  writeFileSync(join(world.home, "token"), `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
  initRepo(world.rootDir, { "README.md": "sandboxed\n" });
  listener = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  port = (listener.address() as { port: number }).port;
  const probe = [
    ...[fixture("sandbox-probe-agent.sh"), join(world.home, "token"), otherSecret, world.rootDir],
    ...[String(port), String(process.pid)],
  ];
  const add = (name: string, fields: { sandbox?: "none" | "bwrap"; network?: "on" | "off" }, command = probe) =>
    world.client.agent.add.mutate({ name, adapter: "custom", command, ...fields });
  await add("open", { sandbox: "none" });
  await add("boxed", { sandbox: "bwrap" });
  await add("offline", { sandbox: "bwrap", network: "off" });
}, 30_000);

afterAll(async () => {
  await world?.close();
  await new Promise((resolve) => listener?.close(resolve));
  execFileSync("rm", ["-rf", fakeHome]);
});

/** Where the probe tries to write outside its worktree: the project's folder and its parent. */
const plantedOutside = () => [join(world.rootDir, "planted.txt"), join(world.rootDir, "..", "planted.txt")];

async function probeRun(agent: string) {
  const session = await world.runTask(agent, `probe ${agent}`, true);
  const ended = await world.waitForEnd(session.id, 30_000);
  const out = await world.logText(session.id, "stdout");
  return { ended, out, said: (probe: string) => new RegExp(`^${probe}: (yes|no)$`, "m").exec(out)?.[1] };
}

describe("a sandboxed agent", { timeout: 60_000 }, () => {
  it("without a sandbox, reads and writes what its user can (the probes work)", async () => {
    const { ended, said } = await probeRun("open");
    expect(ended.status).toBe("succeeded");
    expect([said("read secret"), said("read other project"), said("write home"), said("loopback")]).toEqual([
      "yes",
      "yes",
      "yes",
      "yes",
    ]);
    expect(said("write outside")).toBe("yes");
    for (const planted of [join(fakeHome, "planted.txt"), ...plantedOutside()]) {
      expect(existsSync(planted)).toBe(true);
      rmSync(planted);
    }
    expect(said("read runner environ")).toBe("yes");
    expect(said("plant hook")).toBe("yes");
    rmSync(join(world.rootDir, ".git", "hooks", "post-checkout"));
  });

  it("cannot read $MAESTRO_HOME/token nor another project, nor write outside its worktree; its work lands", async () => {
    const { ended, out, said } = await probeRun("boxed");
    expect(out).toContain("branch: maestro/");
    expect(said("read secret")).toBe("no");
    expect(said("read other project")).toBe("no");
    expect(said("plant hook")).toBe("no");
    // Its own pid namespace: the runner's /proc entry (and environment) is not there.
    expect(said("read runner environ")).toBe("no");
    // The writes outside (a private /tmp, an empty home) went nowhere the host sees.
    expect(existsSync(join(fakeHome, "planted.txt"))).toBe(false);
    for (const planted of plantedOutside()) expect(existsSync(planted)).toBe(false);
    expect(existsSync(join(world.rootDir, ".git", "hooks", "post-checkout"))).toBe(false);
    // With the network on, Maestro and the loopback are reachable.
    expect([said("loopback"), said("commit"), said("report")]).toEqual(["yes", "yes", "yes"]);
    expect(ended).toMatchObject({ status: "succeeded", lastReport: "reported from the sandbox" });
    const show = (file: string) =>
      execFileSync("git", ["show", `${ended.branch}:${file}`], { cwd: world.rootDir }).toString();
    expect(show("agent-commit.txt")).toBe("committed by the agent\n");
    expect(show("runner-commit.txt")).toBe("left for the runner\n");
    const { argv } = await world.client.session.manifest.query({ id: ended.id });
    expect(argv?.[0]).toMatch(/\/bwrap$/);
    expect(argv).toContain("--unshare-pid");
    expect(argv).not.toContain("--unshare-net");
  });

  it("with the network off reaches Maestro through its socket, and no other loopback port", async () => {
    const { ended, said } = await probeRun("offline");
    expect(said("loopback")).toBe("no");
    expect(said("report")).toBe("yes");
    expect(said("read secret")).toBe("no");
    expect(ended).toMatchObject({ status: "succeeded", lastReport: "reported from the sandbox" });
    expect((await world.client.session.manifest.query({ id: ended.id })).argv).toContain("--unshare-net");
  });

  it("is stopped with its whole tree, a process in a new session included", async () => {
    const marker = `${1000 + Math.floor(Math.random() * 1000)}.${randomBytes(3).readUIntBE(0, 3)}`;
    await world.client.agent.add.mutate({
      name: "boxed-tree",
      adapter: "custom",
      command: [fixture("sandbox-tree-agent.sh"), marker],
      sandbox: "bwrap",
    });
    const session = await world.runTask("boxed-tree");
    await world.waitFor(
      () => world.logText(session.id),
      (text) => text.includes("started"),
    );
    await world.waitFor(
      async () => processesWith(`sleep\0${marker}`).length,
      (count) => count === 2,
    );
    await world.client.session.stop.mutate({ id: session.id });
    expect(await world.waitForEnd(session.id, 15_000)).toMatchObject({ status: "cancelled" });
    await world.waitFor(
      async () => processesWith(`sleep\0${marker}`),
      (pids) => pids.length === 0,
      5_000,
    );
  });
});
