import { describe, expect, it } from "vitest";
import {
  type PlanAgent,
  type PlanInput,
  type PlanSession,
  type Task,
  describeAdmissionMemory,
  describeFootprint,
  describeReason,
  expectedFootprint,
  formatMemoryMb,
  planAutopilot,
} from "../../src/index";
import { makeTask } from "../fixtures";

let counter = 0;
function task(key: string, overrides: Partial<Task> = {}): Task {
  counter += 1;
  return makeTask({ id: key, key, title: key, command: "true", rank: counter, ...overrides });
}

function plan(tasks: Task[], overrides: Partial<PlanInput> & { shell?: Partial<PlanAgent> } = {}) {
  const { shell, ...input } = overrides;
  return planAutopilot({
    now: Date.parse("2026-01-01T12:00:00.000Z"),
    state: "on",
    tasks,
    sessions: [],
    projectId: "p",
    limits: { global: 8, project: 8 },
    agents: new Map([["shell", { maxConcurrent: null, pausedUntil: null, ...shell }]]),
    defaultAgent: null,
    defaultMaxAttempts: 1,
    ...input,
  });
}

const why = (result: ReturnType<typeof plan>, id: string) =>
  (result.reasons.get(id) ?? []).map((reason) => describeReason(reason));

const running = (id: string, peakRssMb: number | null): PlanSession => ({
  id,
  projectId: "other",
  taskIds: [`t-${id}`],
  queueIndex: 0,
  agent: "shell",
  status: "running",
  peakRssMb,
});

describe("memory-aware admission", () => {
  it("holds a task while the reading less its footprint would fall below the floor, in words", () => {
    const result = plan([task("A")], { memory: { availableMb: 800, floorMb: 1024 }, shell: { footprintMb: 476 } });
    expect(result.start).toEqual([]);
    expect(result.queue).toEqual(["A"]);
    expect(why(result, "A")).toEqual(["waiting for memory: 800 MB free, needs 1,500"]);
  });

  it("starts as many as the memory allows, counting each start's footprint", () => {
    const tasks = [task("A"), task("B"), task("C")];
    const result = plan(tasks, { memory: { availableMb: 4_000, floorMb: 1_000 }, shell: { footprintMb: 1_400 } });
    expect(result.start.map((start) => start.taskId)).toEqual(["A", "B"]);
    expect(why(result, "C")).toEqual(["waiting for memory: 1,200 MB free, needs 2,400"]);
  });

  it("counts sessions that hold a slot but were not measured yet; measured ones are in the reading", () => {
    const memory = { availableMb: 3_000, floorMb: 1_000 };
    const shell = { footprintMb: 1_500 };
    expect(plan([task("A")], { memory, shell, sessions: [running("s1", null)] }).start).toEqual([]);
    expect(plan([task("A")], { memory, shell, sessions: [running("s1", 900)] }).start).toHaveLength(1);
  });

  it("has no memory check without a reading, and admits on the floor alone without a footprint", () => {
    expect(plan([task("A")], { shell: { footprintMb: 1_000_000 } }).start).toHaveLength(1);
    expect(plan([task("A")], { memory: { availableMb: 1_100, floorMb: 1_024 } }).start).toHaveLength(1);
    expect(why(plan([task("A")], { memory: { availableMb: 900, floorMb: 1_024 } }), "A")).toEqual([
      "waiting for memory: 900 MB free, needs 1,024",
    ]);
  });
});

describe("footprints", () => {
  it("prefers the profile's own setting, else the learned peak, else none", () => {
    expect(expectedFootprint(2_048, 900)).toEqual({ mb: 2_048, source: "set" });
    expect(expectedFootprint(null, 900)).toEqual({ mb: 900, source: "learned" });
    expect(expectedFootprint(null, null)).toBeNull();
  });

  it("reads as MiB or GiB", () => {
    expect(formatMemoryMb(800)).toBe("800 MiB");
    expect(formatMemoryMb(1_434)).toBe("1.4 GiB");
    expect(describeFootprint({ mb: 1_434, source: "learned" })).toBe("learned: 1.4 GiB");
    expect(describeFootprint(null)).toBe("unknown");
    expect(describeAdmissionMemory({ availableMb: 4_000, floorMb: 1_024, pendingMb: 800 })).toBe(
      "3.9 GiB available, 1.0 GiB kept free, 800 MiB for agents starting",
    );
    expect(describeAdmissionMemory(null)).toMatch(/no reading/);
  });
});
