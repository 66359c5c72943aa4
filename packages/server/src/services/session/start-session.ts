import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Db, countSessionsOfTask, findAgent, findTaskById, insertSession, listSessions } from "@maestro/db";
import {
  type AgentProfile,
  DomainError,
  type Project,
  type Session,
  type StartSessionInput,
  type Task,
  BUSY_SESSION_STATUSES,
  agentForTask,
  buildLaunch,
  composePrompt,
  notFound,
  withFollowUp,
} from "@maestro/domain";
import type { z } from "zod";
import { type Context, hashToken } from "../../context";
import { assertWithinBudget } from "../budget/within-budget";
import { requireProject } from "../project/resolve-project";
import { requireTask } from "../task/task-rules";
import { changeTask, releaseHold } from "../task/task-writes";
import { type RecordEvent, type VerbArgs, inTransaction } from "../unit-of-work";
import { assertMayTouchTask, requireParentSessionId } from "./session-access";
import { assertMayStartSession } from "./delegation";
import { findExecutable } from "./executable";
import { findProfilePause, holdSession } from "../agent/account-pauses";
import { discoverSkills } from "./skills";
import { readSteeringDocs } from "../steering/steering-files";
import { type Continuation, continuationFor } from "./continuation";

type Input = z.output<typeof StartSessionInput>;

async function pickAgent(db: Db, input: Input, task: Task, project: Project): Promise<AgentProfile> {
  const name = agentForTask(task, project.settings.defaultAgent, input.agent);
  if (!name) {
    throw new DomainError(
      "INVALID_INPUT",
      `no agent for ${task.key}: pass an agent, or set one on the task or as the project default`,
      { field: "agent" },
    );
  }
  const profile = await findAgent(db, name);
  if (!profile) throw notFound("agent", name);
  return profile;
}

/** The profile's skills, by name; one that cannot be found is an error, not a silent omission. */
function pickSkills(rootDir: string, names: readonly string[]) {
  if (names.length === 0) return [];
  const { skills: available, refused } = discoverSkills(rootDir);
  return names.map((name) => {
    const skill = available.find((candidate) => candidate.name === name);
    const refusal = refused.find((candidate) => candidate.name === name);
    if (!skill && refusal) {
      throw new DomainError("INVALID_INPUT", `skill "${name}" cannot be read: ${refusal.message}`, { field: "skills" });
    }
    if (!skill) {
      throw new DomainError(
        "INVALID_INPUT",
        `skill "${name}" was not found in .maestro/skills, .claude/skills or ~/.claude/skills`,
        { field: "skills" },
      );
    }
    return skill;
  });
}

/** Refuses, before anything is stored or spawned, what would fail at launch. */
function assertLaunchable(profile: AgentProfile, task: Task, project: Project, input: Input): void {
  if (!existsSync(project.rootDir)) {
    throw new DomainError("INVALID_INPUT", `the project directory ${project.rootDir} does not exist`, {
      field: "rootDir",
    });
  }
  const [command] = buildLaunch(profile, { promptFile: "", command: task.command }).argv;
  if (!command || !findExecutable(command, project.rootDir)) {
    throw new DomainError(
      "INVALID_INPUT",
      `agent ${profile.name} runs "${command ?? ""}", which is not an executable on this machine's PATH`,
      { field: "agent" },
    );
  }
  // A repository elsewhere is cloned by the runner: the project directory need not be one.
  const hasRepository = project.settings.repositoryUrl !== null || existsSync(join(project.rootDir, ".git"));
  if (input.worktree && !hasRepository) {
    throw new DomainError("INVALID_INPUT", `worktrees need a git repository, and ${project.rootDir} is not one`, {
      field: "worktree",
    });
  }
}

async function assertNotRunning(db: Db, tasks: readonly Task[]): Promise<void> {
  for (const task of tasks) {
    const [busy] = await listSessions(db, { taskId: task.id, statuses: BUSY_SESSION_STATUSES, limit: 1 });
    if (busy) {
      throw new DomainError("ALREADY_EXISTS", `${task.key} already has a ${busy.status} session (${busy.id})`, {
        field: "taskIds",
      });
    }
  }
}

async function promptFor(
  db: Db,
  project: Project,
  tasks: Task[],
  profile: AgentProfile,
  isQueue: boolean,
  persona = profile.persona,
): Promise<string> {
  const first = tasks[0]!;
  const parent = first.parentId ? ((await findTaskById(db, first.parentId)) ?? null) : null;
  const dependencies: Task[] = [];
  for (const id of first.dependsOn) {
    const dependency = await findTaskById(db, id);
    if (dependency) dependencies.push(dependency);
  }
  return composePrompt(
    {
      projectName: project.name,
      persona,
      tasks,
      parent,
      dependencies,
      steering: readSteeringDocs(project.rootDir),
      skills: pickSkills(project.rootDir, profile.skills),
      isQueue,
    },
    project.settings.promptTemplate ?? undefined,
  );
}

interface SessionPlan {
  tasks: Task[];
  project: Project;
  profile: AgentProfile;
  prompt: string;
  argv: string[];
}

/** Everything a session would be launched with, checked: shared by start and preview. */
async function planSession(ctx: Context, tx: Db, input: Input): Promise<SessionPlan> {
  // One after another: a task that does not exist is reported in the order given.
  const tasks: Task[] = [];
  for (const ref of input.taskIds) tasks.push(await requireTask(tx, ref));
  // By id or by key, the same task twice (a queue works each task once; storage refuses it).
  const twice = tasks.find((task, index) => tasks.findIndex((other) => other.id === task.id) !== index);
  if (twice) throw new DomainError("INVALID_INPUT", `${twice.key} is named twice in taskIds`, { field: "taskIds" });
  const first = tasks[0]!;
  if (tasks.some((task) => task.projectId !== first.projectId)) {
    throw new DomainError("CROSS_PROJECT", "the tasks of one session must belong to one project", { field: "taskIds" });
  }
  for (const task of tasks) await assertMayTouchTask(ctx, tx, task);
  const project = await requireProject(tx, first.projectId);
  const profile = await pickAgent(tx, input, first, project);
  await assertMayStartSession(ctx, tx, { profile, tasks, project });
  assertLaunchable(profile, first, project, input);
  const prompt = await promptFor(tx, project, tasks, profile, input.queue, input.persona);
  const { argv } = buildLaunch(profile, {
    ...{ promptFile: "<prompt file>", command: first.command },
    mcp: { configFile: "<session>/mcp.json" },
  });
  return { tasks, project, profile, prompt, argv };
}

/** What "Run" would launch, without launching it: the agent, its argv and the prompt. */
export async function previewSession({
  ctx,
  input,
}: VerbArgs<Input>): Promise<{ agent: string; argv: string[]; prompt: string }> {
  const plan = await planSession(ctx, ctx.database.db, input);
  return { agent: plan.profile.name, argv: plan.argv, prompt: plan.prompt };
}

/** Queues a session of an agent on one task (or several, worked in order). The runner picks it up. */
export async function startSession({ ctx, input }: VerbArgs<Input>): Promise<Session> {
  return await inTransaction(ctx, (tx, record) => queueSession({ ctx, tx, record, input }));
}

export interface QueueSessionArgs {
  ctx: Context;
  tx: Db;
  record: RecordEvent;
  input: Input;
  /** The session this one resumes; without it, an interrupted last session of the task is continued. */
  resumes?: Session;
  /** How it continues an earlier session, decided by the caller (a follow-up: see landing/follow-up.ts). */
  continues?: Continuation;
}

/** Starting a session on a held task (by hand: autopilot never plans one) releases it. */
async function releaseHolds(tx: Db, record: RecordEvent, tasks: readonly Task[]): Promise<void> {
  for (const task of tasks) {
    const release = releaseHold(task);
    if (release.changed.length > 0) await changeTask(tx, record, task, release.patch, release.changed);
  }
}

/** startSession's work inside a transaction the caller holds. */
export async function queueSession({
  ctx,
  tx,
  record,
  input,
  resumes,
  ...explicit
}: QueueSessionArgs): Promise<Session> {
  const { tasks, project, profile, prompt } = await planSession(ctx, tx, input);
  await assertNotRunning(tx, tasks);
  await assertWithinBudget(tx, project, tasks);
  const continues =
    explicit.continues ??
    (await continuationFor(tx, { task: tasks[0]!, agent: profile.name, useWorktree: input.worktree }, resumes));
  const session = await insertSession(tx, {
    projectId: project.id,
    taskIds: tasks.map((task) => task.id),
    agent: profile.name,
    role: input.role,
    attempt: (await countSessionsOfTask(tx, tasks[0]!.id)) + 1,
    prompt: withFollowUp(prompt, continues?.followUp ?? null),
    // A placeholder nobody knows: the real token is minted when a runner claims the session.
    tokenHash: hashToken(randomBytes(32).toString("hex")),
    useWorktree: input.worktree,
    isQueue: input.queue,
    parentSessionId:
      ctx.principal.kind === "agent"
        ? ctx.principal.sessionId
        : await requireParentSessionId(tx, input.parentSessionId),
    ...(continues ? { continues } : {}),
  });
  await releaseHolds(tx, record, tasks);
  record({
    kind: "session.created",
    entity: "session",
    entityId: session.id,
    projectId: project.id,
    payload: { session },
  });
  // Started by hand or by autopilot alike: a profile whose account is paused does not start.
  const pause = await findProfilePause(tx, profile.name);
  return pause ? await holdSession(tx, record, session, pause) : session;
}
