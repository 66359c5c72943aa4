import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openSqliteStore } from "@maestro/db";
import { CreateProjectInput, CreateTaskInput } from "@maestro/domain";
import { afterAll, describe, expect, it } from "vitest";
import { EventBus } from "../src/events";
import { createProject } from "../src/services/project/create-project";
import { createTask } from "../src/services/task/create-task";
import { sqliteDb } from "./helpers";
import {
  finishInWorktree,
  git,
  makeRepo,
  removeTempDirs,
  serverContext,
  tempDir,
  workInWorktree,
} from "./lander-world";

// Acceptance 8: kill -9 of the server while it lands; after a restart the target ref and the tasks agree.

const FIXTURE = fileURLToPath(new URL("./fixtures/server-process.ts", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const TASKS = 24;
const children = new Set<ChildProcess>();

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  removeTempDirs();
});

/** The project and its queued tasks, written straight into the home's database before any server runs. */
async function seed(home: string, repo: string): Promise<{ key: string; head: string }[]> {
  const database = openSqliteStore({ path: join(home, "maestro.db") });
  const world = { database, events: new EventBus() };
  const ctx = serverContext(world);
  const settings = { worktreeMode: "per_task", landPolicy: "auto", targetBranch: "main" } as const;
  const project = await createProject({
    ctx,
    input: CreateProjectInput.parse({ name: "Crash", key: "LAND", rootDir: repo, settings }),
  });
  const seeded: { key: string; head: string }[] = [];
  for (let i = 1; i <= TASKS; i++) {
    const task = await createTask({ ctx, input: CreateTaskInput.parse({ projectId: project.id, title: `file ${i}` }) });
    const work = workInWorktree(repo, `maestro/${task.key}-1`, { [`file-${i}.txt`]: `${i}\n` });
    await finishInWorktree(world, task, work);
    seeded.push({ key: task.key, head: work.head });
  }
  await database.close();
  return seeded;
}

function startServer(home: string): { child: ChildProcess; exited: Promise<unknown> } {
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE, home], { cwd: REPO_ROOT, stdio: "ignore" });
  children.add(child);
  const exited = new Promise((resolve) => child.once("exit", () => resolve(children.delete(child))));
  return { child, exited };
}

type Row = { key: string; state: string; intent: string | null; landed: string | null };

async function readTasks(home: string): Promise<Row[]> {
  const database = openSqliteStore({ path: join(home, "maestro.db") });
  try {
    return sqliteDb(database).all<Row>(
      "SELECT key, json_extract(landing, '$.landState') AS state, json_extract(landing, '$.landingCommit') AS intent, json_extract(landing, '$.landedCommit') AS landed FROM tasks ORDER BY number",
    );
  } finally {
    await database.close();
  }
}

/** Starts the server and SIGKILLs it the moment a task is seen `landing` (its commit recorded, the ref about to move). */
async function killDuringLanding(home: string, delayMs: number): Promise<Row> {
  const database = openSqliteStore({ path: join(home, "maestro.db") });
  const landingNow = () =>
    sqliteDb(database).all<Row>(
      "SELECT key, 'landing' AS state, json_extract(landing, '$.landingCommit') AS intent, NULL AS landed FROM tasks WHERE json_extract(landing, '$.landState') = 'landing'",
    );
  // What the last kill left `landing` is the restarted server's to recover, not a new landing.
  const left = new Set(landingNow().map((row) => row.intent));
  const { child, exited } = startServer(home);
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const row = landingNow().find((candidate) => !left.has(candidate.intent));
      if (row) {
        // A few milliseconds later the ref may have moved (or the task be marked landed): both sides are tried.
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        child.kill("SIGKILL");
        await exited;
        return row;
      }
      if (Date.now() > deadline) throw new Error("no landing seen within 30 s");
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  } finally {
    await database.close();
  }
}

function contains(repo: string, commit: string, tip = "main"): boolean {
  try {
    git(repo, ["merge-base", "--is-ancestor", commit, tip]);
    return true;
  } catch {
    return false;
  }
}

describe("kill -9 during a landing (acceptance 8)", () => {
  it("leaves the target before or after each merge, and the tasks agree with it after restart", async () => {
    const home = tempDir("home");
    const repo = makeRepo();
    const seeded = await seed(home, repo);
    const interrupted: { row: Row; wasWritten: boolean }[] = [];
    for (const delayMs of [0, 4, 8, 12, 20, 30]) {
      const row = await killDuringLanding(home, delayMs);
      interrupted.push({ row, wasWritten: contains(repo, row.intent!) });
    }
    const { child, exited } = startServer(home);
    const deadline = Date.now() + 60_000;
    while ((await readTasks(home)).some((task) => task.state !== "landed")) {
      if (Date.now() > deadline) throw new Error(`not all landed: ${JSON.stringify(await readTasks(home))}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill("SIGTERM");
    await exited;

    const tasks = new Map((await readTasks(home)).map((task) => [task.key, task]));
    for (const { key, head } of seeded) {
      expect(contains(repo, head), `${key}'s work is on main`).toBe(true);
      expect(contains(repo, tasks.get(key)!.landed!), `${key}'s landed commit is on main`).toBe(true);
    }
    // Each landing wrote exactly one merge: none lost, none repeated after a restart.
    expect(Number(git(repo, ["rev-list", "--count", "--merges", "--first-parent", "main"]))).toBe(TASKS);
    for (const { row, wasWritten } of interrupted) {
      const landed = tasks.get(row.key)!.landed;
      // Written before the kill: recovery took the ref's word for it; not written: landed anew.
      if (wasWritten) expect(landed, row.key).toBe(row.intent);
      else expect(contains(repo, row.intent!), `${row.key}'s abandoned commit stays off main`).toBe(false);
    }
    expect(git(repo, ["status", "--porcelain"])).toBe("");
    for (let i = 1; i <= TASKS; i++) expect(readFileSync(join(repo, `file-${i}.txt`), "utf8")).toBe(`${i}\n`);
    console.log(
      `kills: ${interrupted.map((i) => `${i.row.key} ${i.wasWritten ? "after" : "before"} the ref moved`).join("; ")}`,
    );
  }, 180_000);
});
