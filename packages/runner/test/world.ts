import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AgentEvent, LogChunk, MaestroEvent, Session } from "@maestro/domain";
import { type AppRouter, type RunningServer, startServer } from "@maestro/server";
import { createTRPCClient, httpLink } from "@trpc/client";
import { type Runner, type RunnerOptions, createRunner } from "../src/index";

export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
export const MAESTRO_BIN = fileURLToPath(new URL("../../cli/bin/maestro.js", import.meta.url));

/** Whether any process of the group led by `pid` is still alive (a zombie counts as alive). */
export function isGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Makes `dir` a git repository on `main` whose one commit ("start") holds `files`. */
export function initRepo(dir: string, files: Record<string, string>): void {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  git("add", "--all");
  git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "start");
}

const ENDED = ["succeeded", "failed", "cancelled", "interrupted", "timed_out"];

/** A real server on port 0 (with `leaseMs`, if given) with an embedded runner, in throw-away directories. */
export async function startWorld(options: Partial<RunnerOptions> = {}, { leaseMs }: { leaseMs?: number } = {}) {
  const home = mkdtempSync(join(tmpdir(), "maestro-runner-home-"));
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-runner-project-"));
  const server: RunningServer = await startServer({
    home,
    host: "127.0.0.1",
    port: 0,
    log: () => {},
    ...(leaseMs ? { leaseMs } : {}),
  });
  const runnerLog: string[] = [];
  const runner: Runner = createRunner({
    serverUrl: server.url,
    token: server.runnerToken,
    home,
    maestroBin: MAESTRO_BIN,
    log: (line) => runnerLog.push(line),
    graceMs: 1_000,
    // Autopilot admits against this, not the machine's real (and varying) free memory.
    readAvailableMemoryMb: () => 64 * 1024,
    ...options,
  });
  await runner.start();
  const client = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${server.url}/trpc`, headers: { authorization: `Bearer ${server.token}` } })],
  });
  await client.project.create.mutate({ name: "Runner", rootDir, key: "RUN" });

  /** Creates a task and starts a session of `agent` on it. */
  async function runTask(agent: string, title = `run ${agent}`, worktree = false): Promise<Session> {
    const task = await client.task.create.mutate({ projectId: "RUN", title });
    return client.session.start.mutate({ taskIds: [task.id], agent, worktree });
  }

  async function waitFor<T>(read: () => Promise<T>, isDone: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (isDone(value)) return value;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting; last value: ${JSON.stringify(value).slice(0, 500)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const waitForEnd = (id: string, timeoutMs?: number) =>
    waitFor(
      () => client.session.byId.query({ id }),
      (session) => ENDED.includes(session.status),
      timeoutMs,
    );

  async function readLog(id: string): Promise<LogChunk[]> {
    const chunks: LogChunk[] = [];
    for (;;) {
      // An answer may end before `limit` (at its size cap): only an empty one is the end.
      const page = await client.session.log.query({ id, afterSeq: chunks.at(-1)?.seq ?? 0, limit: 5_000 });
      if (page.length === 0) return chunks;
      chunks.push(...page);
    }
  }

  const logText = async (id: string, stream?: LogChunk["stream"]) =>
    (await readLog(id))
      .filter((chunk) => !stream || chunk.stream === stream)
      .map((chunk) => chunk.text)
      .join("");

  async function allEvents(): Promise<MaestroEvent[]> {
    const events: MaestroEvent[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: MaestroEvent[]; nextCursor: string | null } = await client.event.list.query({
        cursor,
        limit: 500,
      });
      events.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return events;
  }

  /** What the server recorded of a session's parsed output (usage aside), in order. */
  const outputsOf = async (id: string): Promise<AgentEvent[]> =>
    (await allEvents()).flatMap((event) =>
      event.kind === "session.output" && event.entityId === id ? [event.payload.event] : [],
    );

  async function close(): Promise<void> {
    await runner.stop();
    await server.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(rootDir, { recursive: true, force: true });
  }

  return {
    ...{ home, rootDir, server, runner, runnerLog, client },
    ...{ runTask, waitFor, waitForEnd, readLog, logText, allEvents, outputsOf, close },
  };
}

export type World = Awaited<ReturnType<typeof startWorld>>;
