// What the landing benchmarks share: a small repository on `main` with a Maestro server
// (in-process) whose project lands in worktree mode, worktrees as the runner cuts them, and a
// task's finish as the finish of a successful agent session leaves it (in review, queued).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { appendEvent, findTaskById, updateTask } from "@maestro/db";
import { NO_LANDING, type ProjectSettings, type TaskLanding } from "@maestro/domain";
import { type RunningServer, startServer } from "@maestro/server";
import { type BenchClient, httpClient } from "./agent-sessions";
import { withDeadline } from "./stats";

export function git(cwd: string, args: string[]): string {
  return execFileSync("git", ["-c", "core.hooksPath=/dev/null", ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  }).trim();
}

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

export interface LandingWorld {
  repo: string;
  server: RunningServer;
  client: BenchClient;
  projectId: string;
  /** A worktree on `maestro/<name>` cut from main's tip, with one commit of `files`. */
  work(name: string, files: Record<string, string>): { branch: string; head: string; path: string };
  /** Writes what a successful session's finish leaves; returns when that commit happened (ms, epoch). */
  finish(taskId: string, work: { branch: string; head: string }, landing?: Partial<TaskLanding>): Promise<number>;
  close(): Promise<void>;
}

/** A repository on `main` with `files` small files in one commit, as a person's project would be. */
export function makeSmallRepo(prefix: string, files = 20): { dir: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), `maestro-bench-${prefix}-`));
  const dir = join(root, "repo");
  mkdirSync(dir);
  git(dir, ["init", "-q", "-b", "main"]);
  git(dir, ["config", "user.name", "Bench"]);
  git(dir, ["config", "user.email", "bench@example.com"]);
  writeFiles(dir, Object.fromEntries(Array.from({ length: files }, (_, i) => [`src/file-${i}.txt`, `line ${i}\n`])));
  git(dir, ["add", "-A"]);
  git(dir, ["commit", "-q", "-m", "start"]);
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export async function startLandingWorld(
  key: string,
  settings: Partial<ProjectSettings>,
  files = 20,
): Promise<LandingWorld> {
  const small = makeSmallRepo(key.toLowerCase(), files);
  const repo = small.dir;
  const root = dirname(repo);
  const server = await startServer({ home: join(root, "home"), host: "127.0.0.1", port: 0, log: () => {} });
  const client = httpClient(server.url, server.token);
  const project = await client.project.create.mutate({
    name: key,
    key,
    rootDir: repo,
    settings: { worktreeMode: "per_task", ...settings },
  });
  return {
    repo,
    server,
    client,
    projectId: project.id,
    work(name, workFiles) {
      const path = join(root, "worktrees", name);
      const branch = `maestro/${name}`;
      git(repo, ["worktree", "add", "-q", "-b", branch, path, "main"]);
      writeFiles(path, workFiles);
      git(path, ["add", "-A"]);
      git(path, ["commit", "-q", "-m", name]);
      return { branch, head: git(path, ["rev-parse", "HEAD"]), path };
    },
    async finish(taskId, work, landing = { landState: "queued" }) {
      const events = await server.database.transaction(async (tx) => {
        const task = (await findTaskById(tx, taskId))!;
        const next = {
          ...NO_LANDING,
          branch: work.branch,
          headCommit: work.head,
          checksState: "none" as const,
          ...landing,
        };
        const updated = await updateTask(tx, taskId, { status: "in_review", landing: next });
        const payload = { task: updated, changed: ["status", "landing"] };
        return [
          await appendEvent(tx, {
            kind: "task.updated",
            entity: "task",
            entityId: taskId,
            projectId: task.projectId,
            actor: "bench",
            payload,
          }),
        ];
      });
      const at = Date.now();
      server.events.publish(events);
      return at;
    },
    async close() {
      await withDeadline(server.close(), 30_000, "closing the server");
      small.remove();
    },
  };
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
