import { describe, expect, it } from "vitest";
import {
  NO_LANDING,
  type PlanInput,
  type PlanSession,
  type Task,
  describeReason,
  planAutopilot,
} from "../../src/index";
import { makeTask } from "../fixtures";

let counter = 0;
function task(key: string, overrides: Partial<Task> = {}): Task {
  counter += 1;
  const createdAt = `2026-01-01T00:00:${String(counter % 60).padStart(2, "0")}.000Z`;
  return makeTask({ id: key, key, title: key, command: "true", rank: counter, createdAt, ...overrides });
}

function session(taskId: string, overrides: Partial<PlanSession> = {}): PlanSession {
  return {
    id: `s-${taskId}`,
    projectId: "p",
    taskIds: [taskId],
    queueIndex: 0,
    agent: "shell",
    status: "running",
    ...overrides,
  };
}

const NOW = Date.parse("2026-01-01T12:00:00.000Z");

function plan(tasks: Task[], overrides: Partial<PlanInput> = {}) {
  return planAutopilot({
    now: NOW,
    state: "on",
    tasks,
    sessions: [],
    projectId: "p",
    limits: { global: 8, project: 2 },
    agents: new Map([["shell", { maxConcurrent: null, pausedUntil: null }]]),
    defaultAgent: null,
    defaultMaxAttempts: 1,
    ...overrides,
  });
}

const why = (result: ReturnType<typeof plan>, id: string) =>
  (result.reasons.get(id) ?? []).map((reason) => describeReason(reason, { now: NOW }));

describe("planAutopilot", () => {
  it("runs a diamond A → (B, C) → D: A first, then B and C together, D only after both", () => {
    const a = task("A");
    const b = task("B", { dependsOn: ["A"] });
    const c = task("C", { dependsOn: ["A"] });
    const d = task("D", { dependsOn: ["B", "C"] });
    const first = plan([a, b, c, d]);
    expect(first.start.map((s) => s.taskId)).toEqual(["A"]);
    expect(why(first, "D")).toEqual(["waiting for B and C"]);

    const second = plan([{ ...a, status: "done" }, b, c, d]);
    expect(second.start.map((s) => s.taskId)).toEqual(["B", "C"]);

    const third = plan([{ ...a, status: "done" }, { ...b, status: "done" }, { ...c, status: "in_progress" }, d], {
      sessions: [session("C")],
    });
    expect(third.start).toEqual([]);
    expect(why(third, "D")).toEqual(["waiting for C"]);
    expect(why(third, "C")).toEqual(["running (session s-C, running)"]);
  });

  it("starts the highest priority first, then the oldest, and queues the rest behind the project limit", () => {
    const old = task("OLD");
    const urgent = task("URGENT", { priority: "critical" });
    const young = task("YOUNG");
    const result = plan([old, urgent, young], { limits: { global: 8, project: 2 } });
    expect(result.start.map((s) => s.taskId)).toEqual(["URGENT", "OLD"]);
    expect(result.queue).toEqual(["YOUNG"]);
    expect(why(result, "YOUNG")).toEqual(["project concurrency limit (2/2 busy)"]);
  });

  it("counts every project's sessions against the global and agent limits", () => {
    const agents = new Map([["claude", { maxConcurrent: 2, pausedUntil: null }]]);
    const elsewhere = [
      session("X", { projectId: "other", agent: "claude" }),
      session("Y", { projectId: "other", agent: "claude" }),
    ];
    const result = plan([task("A", { agent: "claude" })], {
      agents,
      sessions: elsewhere,
      limits: { global: 2, project: 4 },
    });
    expect(result.start).toEqual([]);
    expect(why(result, "A")).toEqual([
      "global concurrency limit (2/2 busy)",
      "concurrency limit of agent claude (2/2 busy)",
    ]);
  });

  it("never runs two tasks whose touches overlap, and says with which", () => {
    const a = task("A", { touches: ["src/api/**"] });
    const b = task("B", { touches: ["src/api/users.ts"] });
    const c = task("C", { touches: ["src/web/**"] });
    const result = plan([a, b, c], { limits: { global: 8, project: 8 } });
    expect(result.start.map((s) => s.taskId)).toEqual(["A", "C"]);
    expect(why(result, "B")).toEqual(["overlaps files with A (running): src/api/**"]);
  });

  it("blocks everything downstream of a failed task, naming it", () => {
    const a = task("A", { status: "failed", failedAttempts: 3 });
    const b = task("B", { dependsOn: ["A"] });
    const c = task("C", { dependsOn: ["B"] });
    const result = plan([a, b, c]);
    expect(result.start).toEqual([]);
    expect(why(result, "A")).toEqual(["failed after 3 attempts"]);
    expect(why(result, "B")).toEqual(["blocked: A failed"]);
    expect(why(result, "C")).toEqual(["blocked: A failed"]);
  });

  it("waits for a retry's time and an agent's pause, and wakes up for the earliest", () => {
    const retryAt = new Date(NOW + 60_000).toISOString();
    const pausedUntil = NOW + 30_000;
    const agents = new Map([
      ["shell", { maxConcurrent: null, pausedUntil: null }],
      ["claude", { maxConcurrent: null, pausedUntil }],
    ]);
    const result = plan([task("R", { retryAt, failedAttempts: 1, maxAttempts: 3 }), task("P", { agent: "claude" })], {
      agents,
    });
    expect(result.start).toEqual([]);
    expect(why(result, "R")).toEqual(["retry 2 of 3 at 12:01 UTC"]);
    expect(why(result, "P")).toEqual(["agent claude paused until 12:00 UTC (usage limit)"]);
    expect(result.wakeAt).toBe(pausedUntil);
    // A pause that ends on another day says which (a usage limit may pause an account for days).
    const later = {
      kind: "agent_paused",
      agent: "claude",
      until: new Date(NOW + 2 * 86_400_000).toISOString(),
    } as const;
    expect(describeReason(later, { now: NOW })).toBe("agent claude paused until 2026-01-03 12:00 UTC (usage limit)");
    // Once the time has come, both start.
    expect(plan([task("R2", { retryAt })], { now: NOW + 61_000 }).start).toHaveLength(1);
  });

  it("starts no task a stop holds, and says who stopped it, when, and how to release it", () => {
    const held = task("H", { heldAt: "2026-01-01T11:58:00.000Z", heldBy: "agent:1a2b3c4d" });
    const result = plan([held, task("F")]);
    expect(result.start.map((s) => s.taskId)).toEqual(["F"]);
    expect(why(result, "H")).toEqual([
      "held: stopped by agent:1a2b3c4d at 11:58 UTC; run maestro task retry H to let autopilot run it",
    ]);
  });

  it("starts nothing while paused, but still explains", () => {
    const result = plan([task("A"), task("B", { dependsOn: ["A"] })], { state: "paused" });
    expect(result.start).toEqual([]);
    expect(why(result, "A")).toEqual(["ready; autopilot is paused"]);
    expect(why(result, "B")).toEqual(["waiting for A"]);
  });

  it("runs a parent's subtasks, not the parent, and closes the parent when they are done", () => {
    const parent = task("P");
    const child = task("C", { parentId: "P" });
    expect(plan([parent, child]).start.map((s) => s.taskId)).toEqual(["C"]);
    expect(why(plan([parent, child]), "P")).toEqual(["runs through its 1 open subtask"]);
    expect(plan([parent, { ...child, status: "done" }]).complete).toEqual(["P"]);
  });

  it("closes a parent only once its subtasks' work has landed (in a worktree, done means landed)", () => {
    const parent = task("P");
    const landing = { ...NO_LANDING, branch: "maestro/C-1", landState: "queued" as const };
    const child = task("C", { parentId: "P", status: "in_review", landing });
    expect(plan([parent, child]).complete).toEqual([]);
    expect(why(plan([parent, child]), "P")).toEqual(["runs through its 1 open subtask"]);
    const landed = { ...child, status: "done" as const, landing: { ...landing, landState: "landed" as const } };
    expect(plan([parent, landed]).complete).toEqual(["P"]);
  });

  it("needs an agent: the task's, the project's default, or shell for a command", () => {
    const result = plan([task("A", { command: null }), task("B", { agent: "ghost" })]);
    expect(why(result, "A")).toEqual(["no agent: set the task's agent or the project's default"]);
    expect(why(result, "B")).toEqual(["agent ghost does not exist"]);
  });

  it("explains a task waiting for a usage limit to reset", () => {
    const agents = new Map([["claude", { maxConcurrent: null, pausedUntil: NOW + 120_000 }]]);
    const result = plan([task("A", { agent: "claude", status: "in_progress" })], {
      agents,
      sessions: [session("A", { agent: "claude", status: "waiting" })],
    });
    expect(why(result, "A")).toEqual(["agent claude hit a usage limit; resumes at 12:02 UTC"]);
    expect(result.busy.global).toBe(0);
  });

  it("names the paused account, for a profile that waits for another profile's usage limit", () => {
    const pausedUntil = NOW + 120_000;
    const agents = new Map([
      ["claude", { maxConcurrent: null, pausedUntil, account: "team" }],
      ["codex", { maxConcurrent: null, pausedUntil, account: "team" }],
    ]);
    const result = plan([task("A", { agent: "claude", status: "in_progress" }), task("B", { agent: "codex" })], {
      agents,
      sessions: [session("A", { agent: "claude", status: "waiting" })],
    });
    expect(why(result, "A")).toEqual(["agent claude waits: usage limit on account team; resumes at 12:02 UTC"]);
    expect(why(result, "B")).toEqual(["agent codex paused until 12:02 UTC (usage limit on account team)"]);
    expect(result.start).toEqual([]);
  });
});

describe("planAutopilot with budgets", () => {
  const reached = { metric: "usd" as const, spent: 5.01, limit: 5 };

  it("starts nothing beneath a task whose budget is reached, and says why", () => {
    const parent = task("BP");
    const child = task("BC", { parentId: "BP" });
    const other = task("BO");
    const result = plan([parent, child, other], {
      budgets: { project: null, tasks: new Map([["BC", { key: "BP", reached }]]) },
    });
    expect(result.start.map((s) => s.taskId)).toEqual(["BO"]);
    expect(why(result, "BC")).toEqual(["budget reached: $5.01 of $5.00 (task BP)"]);
  });

  it("starts nothing in a project whose budget is reached", () => {
    const result = plan([task("PB")], { budgets: { project: { key: "WEB", reached }, tasks: new Map() } });
    expect(result.start).toEqual([]);
    expect(why(result, "PB")).toEqual(["budget reached: $5.01 of $5.00 (project WEB)"]);
  });

  it("says why autopilot paused itself", () => {
    const result = plan([task("PR")], { state: "paused", pauseReason: "budget reached: $5.01 of $5.00" });
    expect(why(result, "PR")).toEqual(["ready; autopilot is paused (budget reached: $5.01 of $5.00)"]);
  });
});
