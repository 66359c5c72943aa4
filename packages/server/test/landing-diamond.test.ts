import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { findTaskById, listSessions } from "@maestro/db";
import { NO_LANDING, type Session } from "@maestro/domain";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningServer } from "../src/main";
import { changeSession, moveTaskForSession } from "../src/services/session/session-writes";
import { changeTask } from "../src/services/task/task-writes";
import { inTransaction } from "../src/services/unit-of-work";
import { makeHttpClient, makeServerPool } from "./live-server";
import { git, makeRepo, removeTempDirs, serverContext, tempDir, waitFor, writeFiles } from "./lander-world";

// Acceptance 1 at server level: autopilot and the lander are real; the runner's part (a worktree
// cut from the target's tip, the agent's commit) and the finish's (in review, queued to land)
// are played by this test, as the runner and finish-session will do them.

const pool = makeServerPool();
afterEach(async () => {
  await pool.cleanup();
  removeTempDirs();
});

/** Plays runner + agent for one queued session: what the worktree held at the start, then its commit. */
function runSession(server: RunningServer, repo: string, session: Session, seen: Map<string, string[]>): void {
  const task = findTaskById(server.database.db, session.taskIds[0]!)!;
  const branch = `maestro/${task.key}-1`;
  const path = join(tempDir("wt"), "tree");
  git(repo, ["worktree", "add", "-q", "-b", branch, path, "main"]);
  seen.set(
    task.title,
    git(path, ["ls-files"])
      .split("\n")
      .filter((file) => file.endsWith(".txt"))
      .sort(),
  );
  writeFiles(path, { [`${task.title}.txt`]: `${task.title}\n` });
  git(path, ["add", "-A"]);
  git(path, ["commit", "-q", "-m", task.title]);
  const head = git(path, ["rev-parse", "HEAD"]);
  inTransaction(serverContext(server), (tx, record) => {
    changeSession(tx, record, session, {
      status: "succeeded",
      worktreePath: path,
      branch,
      endedAt: new Date().toISOString(),
    });
    moveTaskForSession(tx, record, task.id, "in_review");
    const landing = { ...NO_LANDING, branch, headCommit: head, landState: "queued" as const };
    changeTask(tx, record, findTaskById(tx, task.id)!, { landing }, ["landing"]);
  });
}

describe("a diamond under autopilot with land auto (acceptance 1)", () => {
  it("B and C see A's work, D sees all three; main ends with all four; nothing is left behind", async () => {
    const repo = makeRepo();
    writeFiles(repo, { "person.txt": "untracked, mine\n" });
    const server = await pool.start({ landing: { pollMs: 50 } });
    const client = makeHttpClient(server.url);
    const project = await client.project.create.mutate({
      name: "Diamond",
      key: "DIA",
      rootDir: repo,
      settings: { worktreeMode: "per_task", landPolicy: "auto" },
    });
    const create = (title: string, dependsOn: string[] = []) =>
      client.task.create.mutate({ projectId: project.id, title, command: "true", dependsOn });
    const a = await create("a");
    const [b, c] = [await create("b", [a.id]), await create("c", [a.id])];
    const d = await create("d", [b.id, c.id]);
    const seen = new Map<string, string[]>();
    const handled = new Set<string>();
    await client.autopilot.start.mutate({ projectId: project.id, maxConcurrent: 2 });
    await waitFor(
      () => {
        for (const session of listSessions(server.database.db, { statuses: ["queued"], limit: 100 })) {
          if (handled.has(session.id)) continue;
          handled.add(session.id);
          runSession(server, repo, session, seen);
        }
        return client.task.byId.query({ id: d.id });
      },
      (task) => task.status === "done",
      30_000,
    );
    expect(seen.get("a")).toEqual([]);
    expect(seen.get("b")).toEqual(["a.txt"]);
    expect(seen.get("c")).toEqual(["a.txt"]);
    expect(seen.get("d")).toEqual(["a.txt", "b.txt", "c.txt"]);
    for (const task of [a, b, c, d]) {
      expect((await client.task.byId.query({ id: task.id })).landing.landState).toBe("landed");
    }
    expect(git(repo, ["ls-tree", "--name-only", "main"]).split("\n").sort()).toEqual([
      "README.md",
      "a.txt",
      "b.txt",
      "c.txt",
      "d.txt",
    ]);
    expect(readFileSync(join(repo, "person.txt"), "utf8")).toBe("untracked, mine\n");
    await waitFor(
      () => git(repo, ["branch", "--list", "maestro/*"]),
      (branches) => branches === "",
    );
    await waitFor(
      () => git(repo, ["worktree", "list", "--porcelain"]).match(/^worktree /gm)?.length,
      (n) => n === 1,
    );
    expect([...handled].length).toBe(4);
    expect(existsSync(join(repo, "d.txt"))).toBe(true);
  });
});
