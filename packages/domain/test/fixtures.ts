import { NO_LANDING, type Task } from "../src/index";

/** A todo task with every field filled in; tests override what they are about. */
export function makeTask(overrides: Partial<Task> = {}): Task {
  return {
    id: "t1",
    key: "WEB-1",
    projectId: "p",
    parentId: null,
    title: "A task",
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
    rank: 1,
    version: 1,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    startedAt: null,
    completedAt: null,
    landing: NO_LANDING,
    ...overrides,
  };
}
