import type { Spec, SpecPhaseState } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { approvalSummary, pendingReviews, selectedPhase, stepState } from "./spec-format";

function phases(states: Partial<Record<SpecPhaseState["phase"], Partial<SpecPhaseState>>> = {}): SpecPhaseState[] {
  return (["requirements", "design", "tasks"] as const).map((phase) => ({
    phase,
    reviewState: "draft",
    requiredApprovals: 1,
    approvals: 0,
    version: null,
    ...states[phase],
  }));
}

function makeSpec(overrides: Partial<Spec> = {}): Spec {
  return {
    id: "s1",
    projectId: "p1",
    slug: "login",
    name: "Login",
    request: "",
    phase: "requirements",
    status: "active",
    phases: phases(),
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
    ...overrides,
  };
}

describe("spec formatting", () => {
  it("opens the asked phase, else the spec's current document phase", () => {
    expect(selectedPhase({ phase: "design" }, null)).toBe("design");
    expect(selectedPhase({ phase: "design" }, "requirements")).toBe("requirements");
    expect(selectedPhase({ phase: "design" }, "nonsense")).toBe("design");
    expect(selectedPhase({ phase: "implementation" }, null)).toBe("tasks");
  });

  it("places each step before, at or after the current phase", () => {
    expect(stepState({ phase: "design" }, "requirements")).toBe("done");
    expect(stepState({ phase: "design" }, "design")).toBe("current");
    expect(stepState({ phase: "design" }, "done")).toBe("upcoming");
    expect(stepState({ phase: "done" }, "done")).toBe("done");
  });

  it("lists every phase in review across specs, oldest change first", () => {
    const older = makeSpec({
      id: "a",
      updatedAt: "2025-01-01T00:00:00.000Z",
      phases: phases({ requirements: { reviewState: "in_review", version: 2 } }),
    });
    const newer = makeSpec({
      id: "b",
      projectId: "p2",
      updatedAt: "2025-02-01T00:00:00.000Z",
      phases: phases({
        requirements: { reviewState: "approved", version: 1 },
        design: { reviewState: "in_review", version: 1, approvals: 1, requiredApprovals: 2 },
      }),
    });
    const idle = makeSpec({
      id: "c",
      phases: phases({ requirements: { reviewState: "changes_requested", version: 1 } }),
    });
    const pending = pendingReviews([newer, idle, older]);
    expect(pending.map((item) => [item.spec.id, item.phase])).toEqual([
      ["a", "requirements"],
      ["b", "design"],
    ]);
    expect(pending[1]).toMatchObject({ approvals: 1, requiredApprovals: 2, version: 1 });
  });

  it("counts approvals against the number required", () => {
    expect(approvalSummary(0, 1)).toBe("0 of 1 approval");
    expect(approvalSummary(1, 2)).toBe("1 of 2 approvals");
  });
});
