import { describe, expect, it } from "vitest";
import {
  CreateTaskInput,
  type DocumentPhase,
  DomainError,
  MAX_TEXT_LENGTH,
  type PhaseFacts,
  currentPhase,
  decideApproval,
  decideChangeRequest,
  decideSubmission,
  diffDocuments,
  draftBrief,
  slugify,
  stateAfterEdit,
} from "../src/index";

const facts = (over: Partial<PhaseFacts> = {}): PhaseFacts => ({
  phase: "design",
  reviewState: "in_review",
  version: 2,
  previousState: "approved",
  requiredApprovals: 1,
  approvers: [],
  ...over,
});

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? `${error.code}: ${error.message}` : String(error);
  }
  return "no error";
}

describe("review rules", () => {
  it("approves when the previous phase is approved and enough people agree", () => {
    expect(decideApproval(facts(), "ann")).toBe("approved");
    expect(decideApproval(facts({ requiredApprovals: 2 }), "ann")).toBe("in_review");
    expect(decideApproval(facts({ requiredApprovals: 2, approvers: ["ann"] }), "bob")).toBe("approved");
    expect(decideApproval(facts({ phase: "requirements", previousState: null, reviewState: "draft" }), "ann")).toBe(
      "approved",
    );
  });

  it("regression: counts one person once whatever the case of their token's name (a rotated token)", () => {
    expect(() => decideApproval(facts({ requiredApprovals: 2, approvers: ["person:ada"] }), "person:Ada")).toThrow(
      /person:Ada already approved/,
    );
  });

  it("refuses approving out of order, without a document, twice by one actor, or again", () => {
    expect(codeOf(() => decideApproval(facts({ previousState: "in_review" }), "ann"))).toBe(
      "INVALID_TRANSITION: cannot approve the design phase before the requirements phase is approved",
    );
    expect(codeOf(() => decideApproval(facts({ version: null }), "ann"))).toMatch(
      /^INVALID_TRANSITION: .*has no document yet/,
    );
    expect(codeOf(() => decideApproval(facts({ requiredApprovals: 2, approvers: ["ann"] }), "ann"))).toMatch(
      /^ALREADY_EXISTS: ann already approved version 2/,
    );
    expect(codeOf(() => decideApproval(facts({ reviewState: "approved" }), "ann"))).toMatch(/already approved/);
  });

  it("submits drafts and change requests, and requests changes on anything not approved", () => {
    expect(decideSubmission(facts({ reviewState: "changes_requested" }))).toBe("in_review");
    expect(codeOf(() => decideSubmission(facts()))).toMatch(/already in review/);
    expect(decideChangeRequest(facts())).toBe("changes_requested");
    expect(codeOf(() => decideChangeRequest(facts({ reviewState: "approved" })))).toMatch(
      /edit its document to reopen it/,
    );
  });

  it("reopens an approved phase on a real edit but not on a ticked box", () => {
    expect(stateAfterEdit("approved", false)).toBe("draft");
    expect(stateAfterEdit("approved", true)).toBe("approved");
    expect(stateAfterEdit("in_review", false)).toBe("in_review");
  });

  it("is in the first phase not approved", () => {
    expect(
      currentPhase([
        { phase: "requirements", reviewState: "approved" },
        { phase: "design", reviewState: "draft" },
      ]),
    ).toBe("design");
    expect(
      currentPhase(
        ["requirements", "design", "tasks"].map((phase) => ({
          phase: phase as "tasks",
          reviewState: "approved" as const,
        })),
      ),
    ).toBe("implementation");
  });
});

describe("slugify and diffDocuments", () => {
  it("makes slugs", () => {
    expect(slugify("Sign-in with SSO!")).toBe("sign-in-with-sso");
    expect(slugify("¿¿")).toBe("spec");
  });

  it("numbers each line on its side", () => {
    const diff = diffDocuments("a\nb\nc\n", "a\nB\nc\nd\n");
    expect(diff).toMatchObject({ added: 2, removed: 1 });
    expect(diff.lines).toEqual([
      { op: "same", text: "a", oldLine: 1, newLine: 1 },
      { op: "remove", text: "b", oldLine: 2, newLine: null },
      { op: "add", text: "B", oldLine: null, newLine: 2 },
      { op: "same", text: "c", oldLine: 3, newLine: 3 },
      { op: "add", text: "d", oldLine: null, newLine: 4 },
    ]);
  });
});

describe("draftBrief", () => {
  it("cuts a request too long for a task's description, so drafting is not an internal error (found by fuzzing)", () => {
    const spec = { name: "n".repeat(200), slug: "s", request: "r".repeat(MAX_TEXT_LENGTH) };
    const earlier = (["requirements", "design"] as DocumentPhase[]).map((phase) => ({
      phase,
      path: `.maestro/specs/s/${phase}.md`,
      text: "t".repeat(6_000),
    }));
    const brief = draftBrief(spec, "tasks", earlier, ".maestro/specs/s/tasks.md");
    expect(brief.description.length).toBe(MAX_TEXT_LENGTH);
    expect(brief.description).toContain("the request goes on: cut to fit");
    expect(CreateTaskInput.safeParse({ projectId: "P", ...brief }).success).toBe(true);
    const short = draftBrief({ ...spec, request: "Sign in" }, "requirements", [], "r.md");
    expect(short.description).toContain("## The request\nSign in\n\n## What to write");
  });
});
