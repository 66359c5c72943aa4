import { describe, expect, it } from "vitest";
import {
  DEFAULT_PROJECT_SETTINGS,
  ProjectSettingsPatch,
  ReviewTaskInput,
  isValidBranchName,
  listFilesBriefly,
} from "../src/index";

describe("landing settings", () => {
  it("default to manual merges of the branch checked out, with no checks", () => {
    expect(DEFAULT_PROJECT_SETTINGS).toMatchObject({
      targetBranch: null,
      landPolicy: "manual",
      landStrategy: "merge",
      checks: [],
      worktreeSetup: null,
      remote: "origin",
    });
  });

  it("refuse what git would refuse, naming the setting", () => {
    const result = ProjectSettingsPatch.safeParse({ targetBranch: "feature..x" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["targetBranch"]);
    expect(ProjectSettingsPatch.safeParse({ landPolicy: "yolo" }).success).toBe(false);
    expect(ProjectSettingsPatch.safeParse({ checks: [""] }).success).toBe(false);
  });
});

describe("branch names", () => {
  it("follow git's rules", () => {
    for (const name of ["main", "release/1.2", "maestro/WEB-1-2", "feat_x"]) expect(isValidBranchName(name)).toBe(true);
    for (const name of [
      "",
      "-x",
      "a..b",
      "a b",
      "a~1",
      "a^",
      "a:b",
      "a?",
      "a*",
      "a[",
      "a\\b",
      "/a",
      "a/",
      "a.",
      "a//b",
    ]) {
      expect(isValidBranchName(name)).toBe(false);
    }
    expect(isValidBranchName(".hidden/x")).toBe(false);
    expect(isValidBranchName("x.lock")).toBe(false);
    expect(isValidBranchName("a@{1}")).toBe(false);
    expect(isValidBranchName("a\u0001")).toBe(false);
  });
});

describe("a review", () => {
  it("that requests changes must say what should change", () => {
    const result = ReviewTaskInput.safeParse({ id: "WEB-1", verdict: "request_changes" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["comment"]);
    const lines = { id: "WEB-1", verdict: "request_changes", comments: [{ file: "a.ts", line: 3, text: "no" }] };
    expect(ReviewTaskInput.safeParse(lines).success).toBe(true);
    expect(ReviewTaskInput.safeParse({ id: "WEB-1", verdict: "approve" }).success).toBe(true);
  });
});

describe("a brief file list", () => {
  it("names the first ten files and counts the rest", () => {
    expect(listFilesBriefly(["a", "b"])).toBe("a, b");
    const files = Array.from({ length: 12 }, (_, i) => `f${i + 1}`);
    expect(listFilesBriefly(files)).toBe("f1, f2, f3, f4, f5, f6, f7, f8, f9, f10 and 2 more");
  });
});
