import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { toBwrapArgs } from "../src/sandbox/bwrap-args";
import { planSandbox } from "../src/sandbox/plan-sandbox";
import { BWRAP_MISSING, spawnInSandbox } from "../src/sandbox/spawn-in-sandbox";
import { installRootOf } from "../src/sandbox/toolchain-mounts";

const scratch = mkdtempSync(join(tmpdir(), "maestro-sandbox-args-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The `--flag path path` triples of bwrap's argv, as "flag path". */
function binds(args: string[]): string[] {
  const found: string[] = [];
  args.forEach((arg, i) => {
    if (/^--(ro-)?bind(-try)?$/.test(arg)) found.push(`${arg} ${args[i + 1]}`);
    if (arg === "--tmpfs") found.push(`${arg} ${args[i + 1]}`);
  });
  return found;
}

const input = {
  adapter: "claude-code" as const,
  network: "on" as const,
  command: "sh",
  cwd: "/home/u/.maestro/worktrees/s1",
  env: { HOME: "/home/u", PATH: "/home/u/.maestro/bin:/home/u/.local/bin:/usr/bin:/bin" },
  sessionDir: "/home/u/.maestro/sessions/s1",
  maestroHome: "/home/u/.maestro",
  binDir: "/home/u/.maestro/bin",
  maestroRoot: "/opt/maestro",
  gitDir: "/home/u/code/app/.git",
};

describe("the bwrap argv", () => {
  const args = toBwrapArgs(planSandbox(input));

  it("dies with the runner, has its own pids, a minimal /dev and /proc, and keeps the process group", () => {
    expect(args.slice(0, 2)).toEqual(["--die-with-parent", "--unshare-pid"]);
    expect(args).toEqual(expect.arrayContaining(["--dev", "/dev", "--proc", "/proc"]));
    expect(args).not.toContain("--new-session");
    expect(args).not.toContain("--unshare-net");
    expect(args.slice(-3)).toEqual(["--chdir", input.cwd, "--"]);
  });

  it("cuts the network when it is off", () => {
    expect(toBwrapArgs(planSandbox({ ...input, network: "off" }))).toContain("--unshare-net");
  });

  it("never binds the home or $MAESTRO_HOME whole: they are empty tmpfs with the session's folders on top", () => {
    const list = binds(args);
    const at = (entry: string) => list.indexOf(entry);
    expect(list).not.toContain("--bind /home/u");
    expect(list).not.toContain("--ro-bind /home/u");
    expect(at("--tmpfs /tmp")).toBeGreaterThan(-1);
    expect(at("--tmpfs /home/u")).toBeLessThan(at("--tmpfs /home/u/.maestro"));
    expect(at("--tmpfs /home/u/.maestro")).toBeLessThan(at(`--bind ${input.cwd}`));
    expect(at(`--ro-bind ${input.sessionDir}`)).toBeGreaterThan(at("--tmpfs /home/u/.maestro"));
    expect(at(`--ro-bind ${input.binDir}`)).toBeGreaterThan(at("--tmpfs /home/u/.maestro"));
    // A PATH folder in the home may hold anything: not bound.
    expect(list.some((entry) => entry.endsWith("/home/u/.local/bin"))).toBe(false);
  });

  it("shows the system and Maestro's install read-only, and the tool's own folders read-write", () => {
    const list = binds(args);
    expect(list).toEqual(expect.arrayContaining(["--ro-bind /usr", "--ro-bind /etc", "--ro-bind /opt/maestro"]));
    expect(list).toEqual(expect.arrayContaining(["--bind-try /home/u/.claude", "--bind-try /home/u/.claude.json"]));
    expect(list).toContain("--ro-bind-try /home/u/.gitconfig");
    expect(list.some((entry) => entry.includes(".codex"))).toBe(false);
  });

  it("binds the git directory read-write after the worktree, with hooks and config read-only on top", () => {
    const list = binds(args);
    const at = (entry: string) => list.indexOf(entry);
    expect(at(`--bind ${input.cwd}`)).toBeLessThan(at("--bind /home/u/code/app/.git"));
    expect(at("--bind /home/u/code/app/.git")).toBeLessThan(at("--ro-bind-try /home/u/code/app/.git/hooks"));
    expect(list).toContain("--ro-bind-try /home/u/code/app/.git/config");
  });
});

describe("an agent's install root", () => {
  it("is the prefix holding node_modules, a virtualenv, or the program's own folder", () => {
    expect(installRootOf("/root/.cache/maestro/agent-clis/node_modules/@openai/codex/bin/codex.js")).toBe(
      "/root/.cache/maestro/agent-clis",
    );
    const venv = join(scratch, "venv");
    mkdirSync(join(venv, "bin"), { recursive: true });
    writeFileSync(join(venv, "pyvenv.cfg"), "home = /usr/bin\n");
    expect(installRootOf(join(venv, "bin", "aider"))).toBe(venv);
    // ~/.local/bin is not a virtualenv: only the folder itself, never ~/.local.
    expect(installRootOf("/home/u/.local/bin/tool")).toBe("/home/u/.local/bin");
  });

  it("is bound when the agent's command resolves through a PATH folder in the home", () => {
    const cli = join(scratch, "clis", "node_modules", "tool", "cli.js");
    mkdirSync(join(scratch, "clis", "node_modules", "tool"), { recursive: true });
    writeFileSync(cli, "#!/bin/sh\n", { mode: 0o755 });
    mkdirSync(join(scratch, "home", "bin"), { recursive: true });
    symlinkSync(cli, join(scratch, "home", "bin", "tool"));
    const env = { HOME: join(scratch, "home"), PATH: `${join(scratch, "home", "bin")}:/usr/bin` };
    const list = binds(toBwrapArgs(planSandbox({ ...input, command: "tool", env })));
    expect(list).toContain(`--ro-bind-try ${join(scratch, "clis")}`);
    expect(list).toContain(`--ro-bind-try ${join(scratch, "home", "bin")}`);
  });
});

describe("what is never bound whole", () => {
  it("a PATH folder holding the home, $MAESTRO_HOME or /tmp", () => {
    const env = { HOME: "/home/u", PATH: "/home:/tmp:/:/usr/bin" };
    const list = binds(toBwrapArgs(planSandbox({ ...input, env })));
    expect(list.filter((entry) => /^--ro-bind(-try)? (\/home|\/tmp|\/)$/.test(entry))).toEqual([]);
  });

  it("the folder of an agent script kept in the home itself: only the script is bound", () => {
    const home = join(scratch, "plain-home");
    mkdirSync(home);
    writeFileSync(join(home, "agent.sh"), "#!/bin/sh\n", { mode: 0o755 });
    const env = { HOME: home, PATH: "/usr/bin" };
    const list = binds(toBwrapArgs(planSandbox({ ...input, command: join(home, "agent.sh"), env })));
    expect(list).toContain(`--ro-bind-try ${join(home, "agent.sh")}`);
    expect(list.filter((entry) => entry.endsWith(` ${home}`))).toEqual([`--tmpfs ${home}`]);
  });

  it("a $MAESTRO_HOME inside Maestro's own checkout: hidden after the checkout is bound", () => {
    const plan = planSandbox({ ...input, maestroRoot: "/srv/maestro", maestroHome: "/srv/maestro/.maestro" });
    const list = binds(toBwrapArgs(plan));
    expect(list.indexOf("--tmpfs /srv/maestro/.maestro")).toBeGreaterThan(list.indexOf("--ro-bind /srv/maestro"));
  });
});

describe("a sandboxed launch", () => {
  it("fails with how to install bubblewrap when bwrap is missing, and never runs unsandboxed", async () => {
    let hasSpawned = false;
    const launch = spawnInSandbox(
      {
        profile: { adapter: "custom", sandbox: "bwrap", network: "on" },
        ...{ argv: ["true"], cwd: scratch, env: {}, sessionDir: scratch },
        session: { serverUrl: "http://127.0.0.1:1", token: "t" },
        runner: { home: scratch, binDir: scratch, path: join(scratch, "empty-path") },
      },
      async (argv) => {
        hasSpawned = true;
        return { child: spawn(argv[0]!) };
      },
    );
    await expect(launch).rejects.toThrow(BWRAP_MISSING);
    expect(hasSpawned).toBe(false);
  });
});
