import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openSqliteStore } from "@maestro/db";
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteDb } from "./helpers";
import { type HttpClient, makeHttpClient, ownerTokenOf } from "./live-server";

// R1: nothing acknowledged is lost when the server process is killed with SIGKILL mid-write.

const FIXTURE = fileURLToPath(new URL("./fixtures/server-process.ts", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

interface ServerProcess {
  child: ChildProcess;
  client: HttpClient;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<ChildProcess>();

/** Starts the server in its own process (`node --import tsx`, from the repo root so tsx resolves). */
async function startServerProcess(home: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE, home], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 15 s: ${stderr}`)), 15_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split("\n").find((l) => l.startsWith("{"));
      if (!line) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`server exited (${code ?? signal}) before listening: ${stderr}`)),
    );
  });
  return {
    child,
    client: makeHttpClient(`http://127.0.0.1:${port}`, { token: ownerTokenOf(home) }),
    stderr: () => stderr,
    exited,
  };
}

interface Acked {
  key: string;
  title: string;
  dependsOnAnchor: boolean;
}

/**
 * Keeps 16 `task.create` calls in flight and SIGKILLs the server the moment the `killAfter`-th
 * one is acknowledged, so others are in every stage of their transaction. Returns what was acknowledged.
 */
async function burstUntilKilled(server: ServerProcess, round: number, killAfter: number): Promise<Acked[]> {
  const acked: Acked[] = [];
  let sent = 0;
  const worker = async () => {
    while (server.child.exitCode === null && server.child.signalCode === null) {
      const n = ++sent;
      const title = `round ${round} write ${n} ${"·".repeat(n % 7)}`;
      const dependsOnAnchor = n % 2 === 0;
      try {
        const task = await server.client.task.create.mutate({
          projectId: "CRASH",
          title,
          dependsOn: dependsOnAnchor ? ["CRASH-1"] : [],
        });
        acked.push({ key: task.key, title: task.title, dependsOnAnchor });
      } catch (error) {
        // Only the connection dying is expected; a server-side refusal would be a real failure.
        if (error instanceof TRPCClientError && error.data) throw error;
        return;
      }
      if (acked.length >= killAfter && !server.child.killed) server.child.kill("SIGKILL");
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  const { signal } = await server.exited;
  expect(signal).toBe("SIGKILL");
  expect(sent).toBeGreaterThan(acked.length);
  return acked;
}

/** Opens the database file as the next start would, and checks it is sound and holds every acknowledged write whole. */
/** Every task of the project, following pages (more than one page's worth survive the rounds). */
async function allTasks(client: HttpClient) {
  const tasks = [];
  let cursor: string | null = null;
  do {
    const page = await client.task.list.query({ projectId: "CRASH", limit: 500, cursor });
    tasks.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return tasks;
}

async function checkDatabaseFile(home: string, acked: Acked[]): Promise<void> {
  const database = openSqliteStore({ path: join(home, "maestro.db") });
  try {
    expect(await database.integrityCheck()).toBe("ok");
    const db = sqliteDb(database);
    expect(db.all("PRAGMA foreign_key_check")).toEqual([]);
    const tasks = db.all<{ id: string; key: string; title: string; number: number }>(
      "SELECT id, key, title, number FROM tasks",
    );
    const byKey = new Map(tasks.map((t) => [t.key, t]));
    expect(byKey.size, "task keys are unique").toBe(tasks.length);
    for (const write of acked) expect(byKey.get(write.key)?.title, write.key).toBe(write.title);

    // No torn transaction: each stored task came with exactly its one event and its dependency rows.
    const created = db.all<{ entity_id: string; deps: string }>(
      "SELECT entity_id, json_extract(payload, '$.task.dependsOn') AS deps FROM events WHERE kind = 'task.created'",
    );
    expect(created.map((e) => e.entity_id).sort()).toEqual(tasks.map((t) => t.id).sort());
    const depRows = db.all<{ task_id: string }>("SELECT task_id FROM task_dependencies");
    const expectedDepRows = created.filter((e) => JSON.parse(e.deps).length > 0).map((e) => e.entity_id);
    expect(depRows.map((r) => r.task_id).sort()).toEqual(expectedDepRows.sort());
    for (const write of acked.filter((w) => w.dependsOnAnchor)) {
      expect(expectedDepRows).toContain(byKey.get(write.key)?.id);
    }

    // The key counter is past every number ever handed out, so no key can be given twice.
    const [counter] = db.all<{ next: number }>("SELECT next_task_number AS next FROM projects WHERE key = 'CRASH'");
    expect(counter?.next).toBeGreaterThan(Math.max(...tasks.map((t) => t.number)));
  } finally {
    await database.close();
  }
}

describe("kill -9 under write load (R1)", () => {
  let home = "";
  const everAcked: Acked[] = [];

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "maestro-crash-"));
    const server = await startServerProcess(home);
    await server.client.project.create.mutate({ name: "Crash", rootDir: "/tmp/crash", key: "CRASH" });
    const anchor = await server.client.task.create.mutate({ projectId: "CRASH", title: "anchor" });
    everAcked.push({ key: anchor.key, title: anchor.title, dependsOnAnchor: false });
    server.child.kill("SIGTERM");
    expect((await server.exited).code).toBe(0);
  }, 40_000);

  afterAll(() => {
    for (const child of children) child.kill("SIGKILL");
    if (home) rmSync(home, { recursive: true, force: true });
  });

  // Kill moments: right after the first acknowledgement, then deeper into the burst.
  it.each([1, 9, 40, 120, 300].map((killAfter, index) => ({ round: index + 1, killAfter })))(
    "round $round: kill after $killAfter acknowledged writes keeps all of them, whole",
    async ({ round, killAfter }) => {
      const server = await startServerProcess(home);
      const acked = await burstUntilKilled(server, round, killAfter);
      expect(acked.length).toBeGreaterThanOrEqual(killAfter);
      expect(server.stderr()).not.toMatch(/internal error/);
      everAcked.push(...acked);
      expect(new Set(everAcked.map((a) => a.key)).size, "no key acknowledged twice").toBe(everAcked.length);

      await checkDatabaseFile(home, everAcked);

      // The restarted server serves every acknowledged write and takes new ones under fresh keys.
      const restarted = await startServerProcess(home);
      const listed = new Map((await allTasks(restarted.client)).map((t) => [t.key, t.title]));
      for (const write of everAcked) expect(listed.get(write.key), write.key).toBe(write.title);
      const fresh = await restarted.client.task.create.mutate({ projectId: "CRASH", title: `after round ${round}` });
      expect(listed.has(fresh.key)).toBe(false);
      const highest = Math.max(...[...listed.keys()].map((key) => Number(key.split("-")[1])));
      expect(Number(fresh.key.split("-")[1])).toBeGreaterThan(highest);
      everAcked.push({ key: fresh.key, title: fresh.title, dependsOnAnchor: false });
      restarted.child.kill("SIGTERM");
      expect(await restarted.exited).toEqual({ code: 0, signal: null });
    },
    60_000,
  );

  it("keeps everything across a clean restart", async () => {
    const server = await startServerProcess(home);
    const before = await allTasks(server.client);
    server.child.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });

    const again = await startServerProcess(home);
    expect(await allTasks(again.client)).toEqual(before);
    expect(before.length).toBeGreaterThanOrEqual(everAcked.length);
    again.child.kill("SIGTERM");
    expect((await again.exited).code).toBe(0);
    await checkDatabaseFile(home, everAcked);
  }, 60_000);
});
