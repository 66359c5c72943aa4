import { randomBytes } from "node:crypto";
import {
  type Db,
  findAgent,
  findOldestQueuedSessionId,
  findProjectById,
  findSessionById,
  findSessionLaunch,
  findSessionLease,
  findTaskById,
} from "@maestro/db";
import {
  type AgentProfile,
  type ClaimInput,
  type Project,
  type Session,
  type Task,
  canAdapterResume,
  composeResumePrompt,
} from "@maestro/domain";
import { type Context, hashToken } from "../../context";
import { findProfilePause, holdSession } from "../agent/account-pauses";
import { changeSession } from "../session/session-writes";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { settleSession } from "./settle-session";

export interface Claim {
  session: Session;
  lease: number;
  /** The session's own token, minted now and never stored: it goes only into the agent's env. */
  token: string;
  profile: AgentProfile;
  rootDir: string;
  /** The first task's shell command (for the shell adapter) and key (for branch names). */
  command: string | null;
  taskKey: string;
  useWorktree: boolean;
  serverUrl: string;
  /** What to send the agent now: its full prompt, or (continuing its conversation) a short one. */
  launch: { prompt: string; resumeId: string | null };
  /** In a worktree: where its branch is cut from and what runs around the agent; null otherwise. */
  landing: ClaimLanding | null;
}

export interface ClaimLanding {
  /** The branch a fresh worktree is cut from (its tip now); null: the project directory's HEAD. */
  targetBranch: string | null;
  /** Run in order in the worktree after the agent succeeded; the first failure stops them. */
  checks: string[];
  /** Run in a fresh worktree before the agent starts. */
  worktreeSetup: string | null;
  /** For the commit of what the agent left uncommitted. */
  taskTitle: string;
  /** The commit the task's branch was cut from (for a session that continues that branch). */
  baseCommit: string | null;
  /** How long the set-up or one check may run: the task's time limit, or a default. */
  commandTimeoutSec: number;
  /**
   * Where the repository lives when it is not the project directory (`settings.repositoryUrl`):
   * the runner works in its own clone, pushes the branch there and reports its diff; null otherwise.
   */
  repositoryUrl: string | null;
}

/** A check or set-up of a task without a time limit of its own is stopped after this long. */
const DEFAULT_COMMAND_TIMEOUT_SEC = 30 * 60;

/** Takes the oldest queued session for this runner, or returns null when there is none. */
export async function claimSession({ ctx, input }: VerbArgs<Pick<ClaimInput, "runnerId">>): Promise<Claim | null> {
  // Calls that find the queue empty (a runner about to wait for work) are answered by a
  // plain read, without taking the write lock.
  if (!(await findOldestQueuedSessionId(ctx.database.db))) return null;
  const token = randomBytes(32).toString("hex");
  return await inTransaction(ctx, async (tx, record) => {
    const id = await findOldestQueuedSessionId(tx);
    if (!id) return null;
    const session = (await findSessionById(tx, id))!;
    // Queued before its account was paused (or its profile joined a paused account): it waits.
    const pause = await findProfilePause(tx, session.agent);
    if (pause) {
      await holdSession(tx, record, session, pause);
      return null;
    }
    const lease = (await findSessionLease(tx, id))!.lease + 1;
    // The lease starts now: a session that waited long in the queue is not already "silent".
    const claimed = await changeSession(tx, record, session, {
      status: "starting",
      runnerId: input.runnerId,
      lease,
      tokenHash: hashToken(token),
      lastHeartbeatAt: new Date().toISOString(),
    });
    const launch = await launchOf(tx, claimed);
    if (!launch) {
      const error = `agent ${session.agent} or its project no longer exists`;
      await settleSession(tx, record, claimed, { exitCode: null, error, endReason: "spawn_failed" });
      return null;
    }
    return { session: claimed, lease, token, ...launch, serverUrl: ctx.serverUrl };
  });
}

/** What the runner needs to launch a claimed session; null when its agent or project is gone. */
async function launchOf(
  tx: Db,
  session: Session,
): Promise<Omit<Claim, "session" | "lease" | "token" | "serverUrl"> | null> {
  const profile = await findAgent(tx, session.agent);
  const project = await findProjectById(tx, session.projectId);
  if (!profile || !project) return null;
  const task = (await findTaskById(tx, session.taskIds[0]!))!;
  const useWorktree = (await findSessionLaunch(tx, session.id))!.useWorktree;
  return {
    profile,
    rootDir: project.rootDir,
    command: task.command,
    taskKey: task.key,
    useWorktree,
    launch: await launchPrompt(tx, session, profile),
    landing: useWorktree ? landingOf(project, task, session) : null,
  };
}

function landingOf(project: Project, task: Task, session: Session): ClaimLanding {
  const { targetBranch, checks, worktreeSetup } = project.settings;
  return {
    targetBranch,
    checks,
    worktreeSetup,
    taskTitle: task.title,
    // Known only for the branch the task's landing follows (an older branch's base is not kept).
    baseCommit: session.branch && session.branch === task.landing.branch ? task.landing.baseCommit : null,
    commandTimeoutSec: task.timeoutSec ?? DEFAULT_COMMAND_TIMEOUT_SEC,
    repositoryUrl: project.settings.repositoryUrl,
  };
}

/**
 * A session that continues an earlier one, with an agent that can resume and the agent's own
 * conversation id at hand, is told only why it resumes; any other gets its whole prompt.
 */
async function launchPrompt(tx: Db, session: Session, profile: AgentProfile): Promise<Claim["launch"]> {
  if (!session.resumeReason || !session.agentSessionId || !canAdapterResume(profile.adapter)) {
    return { prompt: session.prompt, resumeId: null };
  }
  const found = await Promise.all(session.taskIds.slice(session.queueIndex).map((id) => findTaskById(tx, id)));
  const tasks = found.filter((task) => task !== undefined);
  const prompt = composeResumePrompt({ reason: session.resumeReason, tasks, followUp: session.followUp });
  return { prompt, resumeId: session.agentSessionId };
}

/**
 * The oldest queued session that can be launched, claimed; null once the queue is empty. (A
 * session whose agent or project is gone is settled by the claim, and the next one is tried.)
 */
export async function claimNext(ctx: Context, runnerId: string): Promise<Claim | null> {
  for (;;) {
    const claim = await claimSession({ ctx, input: { runnerId } });
    if (claim || !(await findOldestQueuedSessionId(ctx.database.db))) return claim;
  }
}
