import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningServer, startServer } from "@maestro/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freePort, maestroJson as maestro, until } from "./live";

// `maestro runner` on its own (a remote runner), and the one `maestro serve` runs as its child.

const BIN = fileURLToPath(new URL("../bin/maestro.js", import.meta.url));

let home: string;
const children: ChildProcess[] = [];
const servers: RunningServer[] = [];

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "maestro-runner-"));
});

afterEach(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  children.length = 0;
  await Promise.all(servers.splice(0).map((server) => server.close()));
  rmSync(home, { recursive: true, force: true });
});

function start(argv: string[]): {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [BIN, ...argv], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Live `maestro runner` processes working from `dir` (found in /proc by their command line). */
function runnerPids(dir: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        return argv.includes("runner") && argv.includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe("maestro runner", () => {
  it("runs a server's sessions from its own process, under its own name, and stops on SIGTERM", async () => {
    const server = await startServer({
      home,
      databasePath: join(home, "server.db"),
      host: "127.0.0.1",
      port: 0,
      log: () => {},
    });
    servers.push(server);
    // A runner elsewhere is handed a copy of the server's runner token, as a file.
    const runner = start([
      "runner",
      "--server",
      server.url,
      "--home",
      join(home, "runner"),
      "--id",
      "build-box",
      "--token-file",
      join(home, "runner-token"),
    ]);
    await until(
      "the runner to connect",
      () => (runner.stderr().includes("runner build-box is working for") ? true : undefined),
      15_000,
    );

    const marker = join(home, "ran.txt");
    await maestro({ url: server.url, home }, "project", "create", "Remote", "--dir", home, "--key", "RM");
    await maestro(
      { url: server.url, home },
      "task",
      "create",
      "Write",
      "--project",
      "RM",
      "--command",
      `echo ran > ${marker}`,
    );
    const session = await maestro<{ id: string }>({ url: server.url, home }, "task", "run", "RM-1");
    const finished = await until("the session to succeed", async () => {
      const shown = await maestro<{ status: string; runnerId: string | null }>(
        { url: server.url, home },
        "session",
        "show",
        session.id,
      );
      return shown.status === "succeeded" ? shown : undefined;
    });
    expect(finished.runnerId).toBe("build-box");
    expect(readFileSync(marker, "utf8")).toBe("ran\n");
    // The prompt went under the runner's own home.
    expect(existsSync(join(home, "runner", "sessions", session.id, "prompt.md"))).toBe(true);

    runner.child.kill("SIGTERM");
    expect(await runner.exited).toBe(0);
  }, 60_000);

  it("says why when it cannot reach its server (exit 1) or its address or name is malformed (exit 2)", async () => {
    const port = await freePort();
    writeFileSync(join(home, "runner-token"), "a-runner-token-of-some-length\n");
    const runner = start(["runner", "--server", `http://127.0.0.1:${port}`, "--home", home]);
    expect(await runner.exited).toBe(1);
    expect(runner.stderr()).toMatch(/could not start the runner: .*(fetch failed|ECONNREFUSED)/);

    const malformed = start(["runner", "--server", "build-box:4700", "--home", home]);
    expect(await malformed.exited).toBe(2);
    expect(malformed.stderr()).toMatch(
      /--server must be an http\(s\) URL such as http:\/\/127\.0\.0\.1:4700 \(got "build-box:4700"\)/,
    );

    const longName = start(["runner", "--server", `http://127.0.0.1:${port}`, "--home", home, "--id", "x".repeat(101)]);
    expect(await longName.exited).toBe(2);
    expect(longName.stderr()).toMatch(/--id must be 1 to 100 characters \(got 101\)/);

    // Only serve's own runner is named so: its sessions are ended at once when the server starts again.
    const servesName = start(["runner", "--server", `http://127.0.0.1:${port}`, "--home", home, "--id", "serve:x"]);
    expect(await servesName.exited).toBe(2);
    expect(servesName.stderr()).toMatch(/--id may not start with "serve:": that names the runner serve starts/);
  }, 30_000);
});

describe("the runner of maestro serve", () => {
  it("is its own process: replaced when it dies, gone when serve is killed", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const serve = start(["serve", "--port", String(port), "--home", home]);
    // serve says it is up once its runner is.
    await until("serve to be up", () => (serve.stdout().includes("Maestro is running") ? true : undefined), 15_000);
    const [first] = await until("serve's runner", () => (runnerPids(home).length === 1 ? runnerPids(home) : undefined));

    process.kill(first!, "SIGKILL");
    const [second] = await until("a new runner", () => {
      const pids = runnerPids(home);
      return pids.length === 1 && pids[0] !== first ? pids : undefined;
    });
    expect(serve.stderr()).toMatch(/runner: exited \(SIGKILL\); starting a new one in 0\.5 s/);

    // The new runner does the work.
    const marker = join(home, "ran.txt");
    await maestro({ url, home }, "project", "create", "Local", "--dir", home, "--key", "LO");
    await maestro({ url, home }, "task", "create", "Write", "--project", "LO", "--command", `echo ran > ${marker}`);
    const session = await maestro<{ id: string }>({ url, home }, "task", "run", "LO-1");
    await until("the session to succeed", async () => {
      const shown = await maestro<{ status: string }>({ url, home }, "session", "show", session.id);
      return shown.status === "succeeded" ? true : undefined;
    });
    expect(readFileSync(marker, "utf8")).toBe("ran\n");
    const shown = await maestro<{ runnerId: string }>({ url, home }, "session", "show", session.id);
    expect(shown.runnerId).toMatch(/^serve:/);

    serve.child.kill("SIGKILL");
    await serve.exited;
    await until("the runner to go with serve", () => (runnerPids(home).includes(second!) ? undefined : true), 10_000);
  }, 90_000);
});
