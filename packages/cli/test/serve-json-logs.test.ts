import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, until } from "./live";

// Issue 16 ("See it"): `MAESTRO_LOG_FORMAT=json maestro serve`, the real binary as a service
// runs it: every line on stderr is one JSON object, and no secret of its environment is in any.

const BIN = fileURLToPath(new URL("../bin/maestro.js", import.meta.url));
const OWNER_TOKEN = "owner-token-of-the-service-0123456789";
const ENV_SECRETS = { GH_TOKEN: "gh-secret-value-0123456789", ANTHROPIC_API_KEY: "sk-ant-secret-0123456789" };
let home: string;

afterEach(() => rmSync(home, { recursive: true, force: true }));

/** The environment of the `maestro runner` process serving this home (found in /proc by its command line). */
function runnerEnvironOf(dir: string): string[] {
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (argv.includes("runner") && argv.includes(dir)) {
        return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      }
    } catch {
      // A process that ended meanwhile.
    }
  }
  throw new Error("no runner process found");
}

describe("maestro serve with MAESTRO_LOG_FORMAT=json", () => {
  it("logs JSON lines only, with request ids, and nothing of its secrets", async () => {
    home = mkdtempSync(join(tmpdir(), "maestro-json-logs-"));
    const port = await freePort();
    const serve = spawn(process.execPath, [BIN, "serve", "--port", String(port), "--home", home], {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        ...ENV_SECRETS,
        MAESTRO_TOKEN: OWNER_TOKEN,
        MAESTRO_LOG_FORMAT: "json",
        MAESTRO_LOG_LEVEL: "debug",
      },
    });
    let stdout = "";
    let stderr = "";
    serve.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    serve.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | string | null>((resolve) =>
      serve.once("exit", (code, signal) => resolve(code ?? signal)),
    );
    await until("serve to say it runs", () => (stderr.includes("Maestro is running") ? true : undefined), 60_000);
    // The embedded runner logs in the server's format; it gets no secret through its environment.
    const runnerEnv = runnerEnvironOf(home);
    expect(runnerEnv).toContain("MAESTRO_LOG_FORMAT=json");
    expect(runnerEnv).toContain("MAESTRO_LOG_LEVEL=debug");
    for (const secret of [OWNER_TOKEN, ...Object.values(ENV_SECRETS)]) {
      expect(runnerEnv.join("\n")).not.toContain(secret);
    }
    const url = `http://127.0.0.1:${port}`;
    const answered = await fetch(`${url}/trpc/project.list`, {
      headers: { authorization: `Bearer ${OWNER_TOKEN}`, "x-request-id": "from-the-proxy-1" },
    });
    expect(answered.status).toBe(200);
    const refused = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${ENV_SECRETS.GH_TOKEN}` } });
    expect(refused.status).toBe(401);
    serve.kill("SIGTERM");
    expect(await exited).toBe(0);

    const lines = stderr.split("\n").filter(Boolean);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged.find((line) => line.requestId === "from-the-proxy-1")).toMatchObject({
      level: "debug",
      procedure: "project.list",
      status: 200,
    });
    expect(logged.find((line) => line.procedure === "/metrics")).toMatchObject({ status: 401 });
    const running = logged.find((line) => String(line.msg).startsWith("Maestro is running"));
    expect(running).toMatchObject({ level: "info", url });
    expect(logged.some((line) => line.msg === "received SIGTERM, shutting down…")).toBe(true);
    // A service's log is no place for the dashboard's one-time sign-in link.
    expect(stderr + stdout).not.toContain("#code=");
    for (const secret of [OWNER_TOKEN, ...Object.values(ENV_SECRETS)]) expect(stderr + stdout).not.toContain(secret);
  }, 90_000);

  it("says why it could not start in a JSON line too, and nothing else", async () => {
    home = mkdtempSync(join(tmpdir(), "maestro-json-logs-"));
    const port = await freePort();
    const namedToken = `mst_${"a".repeat(43)}`;
    const serve = spawn(process.execPath, [BIN, "serve", "--port", String(port), "--home", home], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, MAESTRO_TOKEN: namedToken, MAESTRO_LOG_FORMAT: "json" },
    });
    let stdout = "";
    let stderr = "";
    serve.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    serve.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => serve.once("exit", (exit) => resolve(exit)));
    expect(code).toBe(1);
    expect(stdout).toBe("");
    const lines = stderr.trim().split("\n");
    const records = lines.map((line) => JSON.parse(line) as { level: string; msg: string });
    expect(records).toEqual([
      expect.objectContaining({
        level: "error",
        msg: expect.stringMatching(/^maestro serve could not start: .*named token/),
      }),
    ]);
    expect(stderr).not.toContain(namedToken);
  }, 60_000);
});
