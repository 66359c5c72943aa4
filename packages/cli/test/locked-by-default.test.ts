import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, until } from "./live";

// Issue 12 "Locked by default", through the real binaries: `maestro serve` with no token
// configured, the CLI with no token flag, and an agent of the embedded runner hunting for the
// owner's and the runners' tokens in its ancestors' environments.

const BIN = fileURLToPath(new URL("../bin/maestro.js", import.meta.url));
const AGENT = fileURLToPath(new URL("./fixtures/environ-agent.sh", import.meta.url));
const CANARY = "canary-secret-of-the-serve-environment";
const exec = promisify(execFile);

let home: string;
let url: string;
let serve: ChildProcess;

/** This test process's environment without any Maestro variable: nothing but the token file. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("MAESTRO_")));
  return { ...env, ...extra };
}

/** The real CLI, as a person would run it: `--url` only, the token read from `$MAESTRO_HOME/token`. */
function cli(argv: string[], env: Record<string, string> = { MAESTRO_HOME: home }) {
  return exec(process.execPath, [BIN, ...argv, "--url", url], { env: cleanEnv(env) }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

async function json<T>(...argv: string[]): Promise<T> {
  const result = await cli([...argv, "--json"]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "maestro-locked-"));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  serve = spawn(process.execPath, [BIN, "serve", "--port", String(port), "--home", home], {
    stdio: ["ignore", "pipe", "pipe"],
    env: cleanEnv({ ALLOWED_VAR: "allowed-value", SECRET_CANARY: CANARY }),
  });
  let output = "";
  serve.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  serve.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await until(`maestro serve (${output})`, () => (output.includes("Maestro is running") ? true : undefined), 30_000);
}, 40_000);

afterAll(async () => {
  if (serve.exitCode === null) {
    const exited = new Promise((resolve) => serve.once("exit", resolve));
    serve.kill("SIGTERM");
    await exited;
  }
  rmSync(home, { recursive: true, force: true });
});

describe("maestro serve with no token configured", { timeout: 60_000 }, () => {
  it("writes the owner and runner tokens 0600 in a 0700 home; the CLI uses the owner's with no flag", async () => {
    expect((statSync(home).mode & 0o777).toString(8)).toBe("700");
    for (const file of ["token", "runner-token", "maestro.db"]) {
      expect((statSync(join(home, file)).mode & 0o777).toString(8), file).toBe("600");
    }
    const project = await json<{ key: string }>("project", "create", "Locked", "--dir", home, "--key", "LK");
    expect(project.key).toBe("LK");
  });

  it("refuses a request with no token or an empty one (401), even on loopback", async () => {
    for (const authorization of [undefined, "Bearer ", "Bearer x"]) {
      const res = await fetch(`${url}/trpc/project.list`, { headers: authorization ? { authorization } : {} });
      expect(res.status, String(authorization)).toBe(401);
    }
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it("says where a token comes from when there is none, and refuses a token on the command line", async () => {
    const empty = mkdtempSync(join(tmpdir(), "maestro-no-token-"));
    try {
      const none = await cli(["project", "list"], { MAESTRO_HOME: empty });
      expect(none).toMatchObject({ code: 1, stdout: "" });
      expect(none.stderr.trim()).toBe(
        "error: no token: start `maestro serve` once, or set MAESTRO_TOKEN / --token-file",
      );
      const file = await cli(["project", "list", "--json", "--token-file", join(home, "token")], {
        MAESTRO_HOME: empty,
      });
      expect(JSON.parse(file.stdout)).toEqual([expect.objectContaining({ key: "LK" })]);
      const wrong = await cli(["project", "list"], { MAESTRO_HOME: home, MAESTRO_TOKEN: "not-the-owner-token" });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/the server refused the token/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    const flag = await cli(["project", "list", "--token", readFileSync(join(home, "token"), "utf8").trim()]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--token is not accepted .*use --token-file <path> or MAESTRO_TOKEN/);
  });

  it("gives an agent no owner or runner token in its own or any ancestor's environment or command line", async () => {
    const ownerToken = readFileSync(join(home, "token"), "utf8").trim();
    const runnerToken = readFileSync(join(home, "runner-token"), "utf8").trim();
    const dump = join(home, "environ-dump.txt");
    await json("agent", "add", "snoop", "--adapter", "custom", "--command", `${AGENT} ${dump}`, "--env", "ALLOWED_VAR");
    await json("project", "create", "Snoop", "--dir", home, "--key", "SN");
    await json("task", "create", "Snoop", "--project", "SN");
    const session = await json<{ id: string }>("task", "run", "SN-1", "--agent", "snoop");
    await until(
      "the agent's dump",
      () => (existsSync(dump) && readFileSync(dump, "utf8").includes("== done") ? true : undefined),
      30_000,
    );
    await until("the session to succeed", async () => {
      const shown = await json<{ status: string }>("session", "show", session.id);
      return shown.status === "succeeded" ? true : undefined;
    });
    const text = readFileSync(dump, "utf8");
    const blocks = text.split(/^== /m).filter(Boolean);
    // The walk reached the runner and serve itself (and beyond).
    const runner = blocks.find((block) => / runner --home /.test(block));
    expect(runner, "the runner's block").toBeDefined();
    expect(
      blocks.some((block) => / serve --port /.test(block)),
      "serve's block",
    ).toBe(true);
    expect(text).not.toContain(ownerToken);
    expect(text).not.toContain(runnerToken);
    // The runner's own environment is scrubbed; the agent still gets what its profile allows.
    expect(runner).not.toContain(CANARY);
    expect(runner).toMatch(/^PATH=/m);
    const self = blocks.find((block) => block.startsWith("self"))!;
    expect(self).toMatch(/^ALLOWED_VAR=allowed-value$/m);
    expect(self).not.toContain(CANARY);
  });
});
