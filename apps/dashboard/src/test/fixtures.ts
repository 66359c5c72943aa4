import { DEFAULT_PROJECT_SETTINGS, NO_LANDING, type Project, type Session, type Task } from "@maestro/domain";

let counter = 0;

/** A task with sensible defaults; override what the test is about. */
export function makeTask(overrides: Partial<Task> = {}): Task {
  counter += 1;
  const id = overrides.id ?? `t${counter}`;
  return {
    id,
    key: `WEB-${counter}`,
    projectId: "p1",
    parentId: null,
    title: `Task ${counter}`,
    description: "",
    acceptanceCriteria: [],
    status: "todo",
    priority: "medium",
    dependsOn: [],
    agent: null,
    command: null,
    touches: [],
    specId: null,
    requirementIds: [],
    maxAttempts: null,
    failedAttempts: 0,
    retryAt: null,
    heldAt: null,
    heldBy: null,
    timeoutSec: null,
    stallSec: null,
    budgetUsd: null,
    budgetTokens: null,
    rank: counter,
    version: 1,
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
    startedAt: null,
    completedAt: null,
    landing: NO_LANDING,
    ...overrides,
  };
}

export function makeProject(overrides: Partial<Project> = {}): Project {
  return {
    id: "p1",
    key: "WEB",
    name: "Web",
    rootDir: "/tmp/web",
    description: "",
    settings: { ...DEFAULT_PROJECT_SETTINGS },
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
    ...overrides,
  };
}

export function makeSession(overrides: Partial<Session> = {}): Session {
  counter += 1;
  return {
    id: `s${counter}`,
    projectId: "p1",
    taskIds: ["t1"],
    agent: "shell",
    role: "worker",
    status: "queued",
    stopRequested: false,
    attempt: 1,
    runnerId: null,
    pid: null,
    cwd: null,
    worktreePath: null,
    branch: null,
    prompt: "Do it",
    exitCode: null,
    error: null,
    agentSessionId: null,
    parentSessionId: null,
    resumedFromId: null,
    resumeReason: null,
    followUp: null,
    costUsd: 0,
    costIsEstimate: false,
    tokensIn: 0,
    tokensOut: 0,
    queueIndex: 0,
    lastReport: null,
    createdAt: "2025-01-01T00:00:00.000Z",
    startedAt: null,
    endedAt: null,
    lastHeartbeatAt: null,
    lastOutputAt: null,
    stalledAt: null,
    endReason: null,
    stoppedBy: null,
    peakRssMb: null,
    ...overrides,
  };
}
