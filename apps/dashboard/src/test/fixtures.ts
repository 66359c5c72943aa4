import type { Project, Task } from "@maestro/domain";

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
    timeoutSec: null,
    rank: counter,
    version: 1,
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
    startedAt: null,
    completedAt: null,
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
    settings: { defaultAgent: null, concurrencyLimit: 2, worktreeMode: "off", setupScript: null, cleanupScript: null },
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
    ...overrides,
  };
}
