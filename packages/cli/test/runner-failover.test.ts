import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, maestroJson, until } from "./live";

// `maestro runner --server <url1> --server <url2>`: the server it works for is killed (kill -9)
// while its agent runs; it moves to the next URL, where a server on the same database (here:
// the same home, one server at a time) takes its heartbeats, output and finish. The agent runs
// on undisturbed, once, and nothing it printed is lost or stored twice.

const BIN = fileURLToPath(new URL("../bin/maestro.js", import.meta.url));
// The real server without serve's embedded runner: only the runner below takes sessions.
const SERVER_ONLY = fileURLToPath(new URL("../../../chaos/fixtures/server-only.ts", import.meta.url));

let home: string;
const children: ChildProcess[] = [];

function spawnLogged(argv: string[]) {
  const child = spawn(process.execPath, argv, { stdio: ["ignore", "ignore", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return { child, stderr: () => stderr, exited };
}

/** The server alone on `port` over `home`'s database, with `leaseMs`, once it answers /healthz. */
async function startServerOnly(port: number, leaseMs: number) {
  const server = spawnLogged(["--import", "tsx", SERVER_ONLY, home, String(port), String(leaseMs)]);
  await until(
    "the server to answer",
    () =>
      fetch(`http://127.0.0.1:${port}/healthz`).then(
        (res) => (res.ok ? true : undefined),
        () => undefined,
      ),
    20_000,
  );
  return server;
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : []);

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), "maestro-runner-failover-"));
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  rmSync(home, { recursive: true, force: true });
});

describe("a runner given two servers", () => {
  it("moves to the second when the first is killed, and its running agent carries on there", async () => {
    const [first, second] = [await freePort(), await freePort()];
    const [url1, url2] = [`http://127.0.0.1:${first}`, `http://127.0.0.1:${second}`];
    const server1 = await startServerOnly(first, 30_000);
    const runner = spawnLogged([
      BIN,
      "runner",
      ...["--server", url1, "--server", url2],
      ...["--home", join(home, "runner"), "--id", "build-box", "--token-file", join(home, "runner-token")],
    ]);
    await until("the runner to connect", () => (runner.stderr().includes("is working for") ? true : undefined), 20_000);
    expect(runner.stderr()).toContain(
      `runner build-box is working for ${url1} (Ctrl+C to stop); if it stops answering: ${url2}`,
    );

    // The agent prints a line, another once told to (while no server is up), a last one, reports
    // done through its own `maestro`, and exits 0.
    const starts = join(home, "starts.txt");
    const [mid, go] = [join(home, "mid"), join(home, "go")];
    const waitFor = (file: string) => `while [ ! -e ${file} ]; do sleep 0.1; done`;
    const script = [
      `echo start >> ${starts}; echo before-the-kill`,
      `${waitFor(mid)}; echo while-no-server-answers`,
      `${waitFor(go)}; echo after-the-move; maestro report done reported-after-the-move; echo finished >> ${starts}`,
    ].join("; ");
    const on1 = <T>(...argv: string[]) => maestroJson<T>({ url: url1, home }, ...argv);
    await on1("project", "create", "Remote", "--dir", home, "--key", "RM");
    await on1("task", "create", "Work", "--project", "RM", "--command", script);
    const session = await on1<{ id: string }>("task", "run", "RM-1");
    await until("its first line to be stored", async () => {
      const logs = await on1<Array<{ text: string }>>("session", "logs", session.id);
      return logs.some((chunk) => chunk.text.includes("before-the-kill")) ? true : undefined;
    });

    server1.child.kill("SIGKILL");
    await server1.exited;
    writeFileSync(mid, "");
    // No server takes the line: the runner keeps it (it reached neither) rather than dropping it.
    await until(
      "the runner to hold the line",
      () => (runner.stderr().includes("could not record its output") ? true : undefined),
      15_000,
    );

    // The second server shares the first one's database; its lease is short, so only heartbeats keep the session.
    const leaseMs = 6_000;
    await startServerOnly(second, leaseMs);
    await until(
      "the runner to move",
      () => (runner.stderr().includes(`now working for ${url2}`) ? true : undefined),
      30_000,
    );
    expect(runner.stderr()).toContain(`runner: ${url1} stopped answering`);
    await new Promise((resolve) => setTimeout(resolve, 2 * leaseMs));
    const on2 = <T>(...argv: string[]) => maestroJson<T>({ url: url2, home }, ...argv);
    expect(await on2("session", "show", session.id)).toMatchObject({ status: "running", runnerId: "build-box" });

    writeFileSync(go, "");
    const ended = await until(
      "the session to end",
      async () => {
        const shown = await on2<{ status: string; endReason: string | null }>("session", "show", session.id);
        return shown.status === "running" ? undefined : shown;
      },
      30_000,
    );
    // The agent's own call, to the address it was started with, reached the server the runner moved to.
    expect(ended).toMatchObject({ status: "succeeded", endReason: "completed", lastReport: "reported-after-the-move" });
    expect(await on2("task", "show", "RM-1")).toMatchObject({ status: "done" });
    const text = (await on2<Array<{ text: string }>>("session", "logs", session.id))
      .map((chunk) => chunk.text)
      .join("");
    for (const line of ["before-the-kill", "while-no-server-answers", "after-the-move"]) {
      expect(text.split(line).length - 1, line).toBe(1);
    }
    expect(lines(starts)).toEqual(["start", "finished"]);
    expect(await on2<unknown[]>("session", "list", "--project", "RM")).toHaveLength(1);
    expect(runner.stderr()).not.toMatch(/the server refused|gave up/);

    runner.child.kill("SIGTERM");
    expect(await runner.exited).toBe(0);
  }, 150_000);

  it("says which --server is malformed or given twice (exit 2), and why none could be reached (exit 1)", async () => {
    const [first, second] = [await freePort(), await freePort()];
    const [url1, url2] = [`http://127.0.0.1:${first}`, `http://127.0.0.1:${second}`];
    const tokenFile = join(home, "some-runner-token");
    writeFileSync(tokenFile, "a-runner-token-of-some-length\n");
    const runner = (...servers: string[]) =>
      spawnLogged([
        BIN,
        "runner",
        ...servers.flatMap((url) => ["--server", url]),
        "--home",
        join(home, "runner"),
        "--token-file",
        tokenFile,
      ]);

    const malformed = runner(url1, "build-box:4700");
    expect(await malformed.exited).toBe(2);
    expect(malformed.stderr()).toMatch(/--server must be an http\(s\) URL such as .* \(got "build-box:4700"\)/);

    const twice = runner(url1, url2, url1);
    expect(await twice.exited).toBe(2);
    expect(twice.stderr()).toContain(`--server ${url1} is given twice`);

    const nowhere = runner(url1, url2);
    expect(await nowhere.exited).toBe(1);
    expect(nowhere.stderr()).toContain(
      `could not start the runner: no server answered (${url1}: fetch failed; ${url2}: fetch failed)`,
    );
  }, 60_000);
});
