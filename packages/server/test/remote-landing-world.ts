import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listLandJobs } from "@maestro/db";
import type { LandJob, LandJobMode, ProjectSettings, Task } from "@maestro/domain";
import { startLander } from "../src/services/landing/lander";
import { makeWorld } from "./helpers";

/** A fake full commit id (the server never resolves a remote project's commits: runners report them). */
export function commit(n: number): string {
  return n.toString(16).padStart(40, "0");
}

export const REMOTE_URL = "https://git.example.com/team/web.git";

/**
 * A server world whose project's repository is elsewhere (`repositoryUrl`): its directory is a
 * plain folder, not a repository, so any git the server ran on it would fail and show. The lander
 * runs; runners are simulated through the runner procedures.
 */
export async function makeRemoteWorld(
  settings: Partial<ProjectSettings> = {},
  { withLander = true, prPollMs }: { withLander?: boolean; prPollMs?: number } = {},
) {
  const world = await makeWorld();
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-remote-"));
  const project = await world.caller.project.create({
    name: "Remote",
    rootDir,
    key: "REM",
    settings: {
      worktreeMode: "per_task",
      targetBranch: "main",
      landPolicy: "auto",
      repositoryUrl: REMOTE_URL,
      ...settings,
    },
  });
  await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
  const log: string[] = [];
  // Without a lander only `task land` queues land jobs (a test of it is then not raced by the lander).
  const lander = withLander ? startLander(world.ctx, { log: (line) => log.push(line), pollMs: 50, prPollMs }) : null;
  let nextCommit = 1;

  /** Starts a session for the task and plays the runner through it: claim, started, reportDiff, finish. */
  async function runTask(key: string, runnerId = "r1") {
    await world.caller.session.start({ taskIds: [key], agent: "script", worktree: true });
    const claim = (await world.caller.runner.claim({ runnerId }))!;
    const lease = { sessionId: claim.session.id, lease: claim.lease };
    const branch = `maestro/${claim.taskKey}-${claim.session.attempt}`;
    const worktreePath = `/runner/worktrees/${claim.session.id}`;
    const base = commit(nextCommit++);
    const head = commit(nextCommit++);
    await world.caller.runner.started({
      ...lease,
      pid: 999_999,
      cwd: worktreePath,
      worktreePath,
      branch,
      baseCommit: base,
    });
    const file = {
      path: `${key}.txt`,
      oldPath: null,
      status: "added" as const,
      additions: 1,
      deletions: 0,
      isBinary: false,
    };
    const patch = `diff --git a/${key}.txt b/${key}.txt\nnew file mode 100644\n--- /dev/null\n+++ b/${key}.txt\n@@ -0,0 +1 @@\n+${key}\n`;
    await world.caller.runner.reportDiff({ ...lease, base, head, files: [file], patch, isTruncated: false });
    await world.caller.runner.finish({
      ...lease,
      exitCode: 0,
      signal: null,
      error: null,
      headCommit: head,
      checks: "none",
      changedFiles: [file.path],
    });
    return { claim, branch, base, head, patch };
  }

  /** Waits until the task satisfies `isDone` (the lander works in the background). */
  async function waitForTask(key: string, isDone: (task: Task) => boolean, timeoutMs = 5_000): Promise<Task> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const task = await world.caller.task.byId({ id: key });
      if (isDone(task)) return task;
      if (Date.now() > deadline) throw new Error(`${key} never got there: ${JSON.stringify(task.landing)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const claimLanding = (runnerId = "l1", waitMs?: number, modes?: LandJobMode[]): Promise<LandJob | null> =>
    world.caller.runner.claimLanding({
      runnerId,
      ...(waitMs === undefined ? {} : { waitMs }),
      ...(modes === undefined ? {} : { modes }),
    });

  return {
    ...world,
    project,
    rootDir,
    log,
    runTask,
    waitForTask,
    claimLanding,
    landJobs: () => listLandJobs(world.database.db),
    close: async () => {
      await lander?.stop();
      await world.close();
      rmSync(rootDir, { recursive: true, force: true });
    },
  };
}

export type RemoteWorld = Awaited<ReturnType<typeof makeRemoteWorld>>;
