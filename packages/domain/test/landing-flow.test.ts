import { describe, expect, it } from "vitest";
import {
  NO_LANDING,
  type Task,
  changesRequestedFollowUp,
  checkFailedFollowUp,
  composeResumePrompt,
  describeCheckFailure,
  describeReason,
  findOverlaps,
  hunkAround,
  parseHunks,
  resolveConflictFollowUp,
  subtasksHold,
  unlandedSubtasks,
  withFollowUp,
} from "../src/index";
import { makeTask } from "./fixtures";

const PATCH = `diff --git a/src/a.ts b/src/a.ts
index 1111111..2222222 100644
--- a/src/a.ts
+++ b/src/a.ts
@@ -1,4 +1,5 @@
 const a = 1;
-const b = 2;
+const b = 3;
+const c = 4;
 export { a };
 // end
diff --git a/old.txt b/old.txt
deleted file mode 100644
--- a/old.txt
+++ /dev/null
@@ -1,2 +0,0 @@
-first
-second
`;

describe("hunks of a task's diff", () => {
  it("finds the hunk that holds a line of the branch's file, and the old line of a deleted file", () => {
    const files = parseHunks(PATCH);
    expect(hunkAround(files, "src/a.ts", 3)).toBe(
      "@@ -1,4 +1,5 @@\n const a = 1;\n-const b = 2;\n+const b = 3;\n+const c = 4;\n export { a };\n // end",
    );
    expect(hunkAround(files, "old.txt", 2)).toContain("-second");
    expect(hunkAround(files, "src/a.ts", 40)).toBeNull();
    expect(hunkAround(files, "src/b.ts", 1)).toBeNull();
  });

  it("cuts a long hunk around the line", () => {
    const body = Array.from({ length: 100 }, (_, i) => `+line ${i + 1}`).join("\n");
    const files = parseHunks(`diff --git a/x b/x\n--- /dev/null\n+++ b/x\n@@ -0,0 +1,100 @@\n${body}\n`);
    const hunk = hunkAround(files, "x", 50)!;
    expect(hunk).toContain("+line 50");
    expect(hunk).not.toContain("+line 30\n");
    expect(hunk.split("\n").length).toBeLessThan(30);
  });
});

describe("follow-up prompts", () => {
  it("hold the failing command and the end of its output, fenced so the output cannot break out", () => {
    const text = checkFailedFollowUp({ command: "pnpm test", exitCode: 1, outputTail: "FAIL x.test.ts\n```\nboom" });
    expect(text).toContain("check `pnpm test` failed (exit 1)");
    expect(text).toContain("````\nFAIL x.test.ts\n```\nboom\n````");
    expect(describeCheckFailure({ command: "make", exitCode: null })).toBe("check `make` failed (was killed)");
  });

  it("hold every review comment with its file, line and hunk", () => {
    const text = changesRequestedFollowUp({
      reviewer: "ana",
      comment: "Nearly there.",
      notes: [{ file: "src/a.ts", line: 3, text: "Why 3?", hunk: "@@ -1 +1 @@\n+const b = 3;" }],
    });
    expect(text).toContain("Nearly there.");
    expect(text).toContain("## src/a.ts, line 3\n\nWhy 3?");
    expect(text).toContain("```diff\n@@ -1 +1 @@\n+const b = 3;\n```");
  });

  it("tell a resolving agent to merge the target, naming the files", () => {
    const text = resolveConflictFollowUp({ targetBranch: "main", conflictFiles: ["src/a.ts"] });
    expect(text).toContain("git merge main");
    expect(text).toContain("- src/a.ts");
    expect(text).toMatch(/intent of both sides/);
  });

  it("reach the agent whether it starts over or resumes its conversation", () => {
    expect(withFollowUp("Do X.", "# Follow-up")).toBe("Do X.\n\n# Follow-up");
    expect(withFollowUp("Do X.", null)).toBe("Do X.");
    const resumed = composeResumePrompt({ reason: "r", tasks: [{ key: "WEB-1", title: "t" }], followUp: "# Now this" });
    expect(resumed.endsWith("# Now this")).toBe(true);
  });
});

function inFlight(key: string, files: string[], overrides: Partial<Task> = {}): Task {
  const landing = { ...NO_LANDING, branch: `maestro/${key}-1`, changedFiles: files };
  return makeTask({ id: key, key, status: "in_progress", landing, ...overrides });
}

describe("overlaps", () => {
  it("name, per task, the files another in-flight task changes too", () => {
    const tasks = [
      inFlight("WEB-1", ["src/a.ts", "src/b.ts"]),
      inFlight("WEB-2", ["src/a.ts"]),
      inFlight("WEB-3", ["src/b.ts", "src/a.ts", "README.md"]),
      inFlight("WEB-4", ["src/c.ts"]),
    ];
    expect(findOverlaps(tasks)).toEqual([
      {
        taskId: "WEB-1",
        taskKey: "WEB-1",
        overlaps: [
          { file: "src/a.ts", taskKeys: ["WEB-2", "WEB-3"] },
          { file: "src/b.ts", taskKeys: ["WEB-3"] },
        ],
      },
      { taskId: "WEB-2", taskKey: "WEB-2", overlaps: [{ file: "src/a.ts", taskKeys: ["WEB-1", "WEB-3"] }] },
      {
        taskId: "WEB-3",
        taskKey: "WEB-3",
        overlaps: [
          { file: "src/a.ts", taskKeys: ["WEB-1", "WEB-2"] },
          { file: "src/b.ts", taskKeys: ["WEB-1"] },
        ],
      },
    ]);
  });

  it("leave out work that landed, failed or has no branch", () => {
    const landed = inFlight("WEB-2", ["src/a.ts"]);
    landed.landing = { ...landed.landing, landState: "landed" };
    const tasks = [
      inFlight("WEB-1", ["src/a.ts"]),
      landed,
      inFlight("WEB-3", ["src/a.ts"], { status: "failed" }),
      makeTask({ id: "WEB-4", key: "WEB-4", landing: { ...NO_LANDING, changedFiles: ["src/a.ts"] } }),
    ];
    expect(findOverlaps(tasks)).toEqual([]);
  });
});

describe("why a task failed", () => {
  it("names the failed check", () => {
    expect(describeReason({ kind: "failed", attempts: 2, cause: "check `pnpm test` failed (exit 1)" })).toBe(
      "failed after 2 attempts: check `pnpm test` failed (exit 1)",
    );
  });
});

describe("land order", () => {
  it("holds a parent until every subtask has landed (or was cancelled)", () => {
    const parent = makeTask({ id: "P", key: "WEB-1" });
    const tasks = [
      parent,
      makeTask({ id: "a", key: "WEB-3", parentId: "P", status: "in_review" }),
      makeTask({ id: "b", key: "WEB-2", parentId: "P", status: "todo" }),
      makeTask({ id: "c", key: "WEB-4", parentId: "P", status: "done" }),
      makeTask({ id: "d", key: "WEB-5", parentId: "P", status: "cancelled" }),
      makeTask({ id: "e", key: "WEB-6", parentId: "X", status: "todo" }),
    ];
    expect(unlandedSubtasks(parent, tasks)).toEqual(["WEB-2", "WEB-3"]);
    expect(subtasksHold(unlandedSubtasks(parent, tasks))).toBe("waits for its subtasks to land first: WEB-2, WEB-3");
    expect(subtasksHold([])).toBeNull();
  });
});
