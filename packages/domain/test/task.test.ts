import { describe, expect, it } from "vitest";
import {
  agentForTask,
  CreateTaskInput,
  DomainError,
  ListTasksInput,
  UpdateTaskInput,
  decodeRankCursor,
  encodeRankCursor,
  taskPosition,
  assertTransition,
  canTransition,
  statusTimestamps,
  suggestProjectKey,
  CreateProjectInput,
  PERSONA_TEXT,
  composePrompt,
} from "../src/index";
import { makeTask } from "./fixtures";

describe("CreateTaskInput", () => {
  it("fills defaults", () => {
    const input = CreateTaskInput.parse({ projectId: "WEB", title: "  Build login  " });
    expect(input).toMatchObject({
      title: "Build login",
      status: "todo",
      priority: "medium",
      dependsOn: [],
      parentId: null,
    });
  });

  it.each([
    ["empty title", { title: "   " }, "title"],
    ["100 KB title", { title: "x".repeat(100_000) }, "title"],
    ["unknown status", { title: "t", status: "doing" }, "status"],
    ["unknown priority", { title: "t", priority: "urgent" }, "priority"],
  ])("refuses %s naming the field", (_name, patch, field) => {
    const result = CreateTaskInput.safeParse({ projectId: "WEB", ...patch });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });

  it("names the allowed statuses", () => {
    const result = UpdateTaskInput.safeParse({ id: "WEB-1", status: "doing" });
    expect(result.error?.issues[0]?.message).toContain("todo, in_progress");
  });

  it("accepts a single status or a list when listing", () => {
    expect(ListTasksInput.parse({ projectId: "WEB", status: "todo" }).status).toEqual(["todo"]);
    expect(ListTasksInput.parse({ projectId: "WEB", status: ["todo", "done"] }).status).toEqual(["todo", "done"]);
  });

  it("pages 100 tasks by default, and takes back the cursor of any rank it gave", () => {
    expect(ListTasksInput.parse({ projectId: "WEB" })).toMatchObject({ limit: 100 });
    for (const rank of [1, 0, -0.25, 2.5, 1e-7, -3e-9, 1e21, 0.1 + 0.2, Number.MAX_VALUE, Number.MIN_VALUE]) {
      const position = taskPosition({ rank, key: "WEB-1234" });
      const cursor = encodeRankCursor(position);
      expect(ListTasksInput.parse({ projectId: "WEB", cursor }).cursor).toBe(cursor);
      expect(decodeRankCursor(cursor)).toEqual({ rank, number: 1234 });
    }
  });
});

describe("status transitions", () => {
  it("allows work to flow and reopening", () => {
    expect(canTransition("todo", "in_progress")).toBe(true);
    expect(canTransition("done", "todo")).toBe(true);
    expect(canTransition("cancelled", "done")).toBe(false);
  });

  it("explains a refused transition", () => {
    expect(() => assertTransition("WEB-1", "cancelled", "done")).toThrowError(
      new DomainError("INVALID_TRANSITION", "WEB-1 cannot go from cancelled to done (allowed: todo)", {
        field: "status",
      }),
    );
  });

  it("stamps start and completion", () => {
    const now = "2026-01-01T00:00:00.000Z";
    expect(statusTimestamps("todo", "in_progress", { startedAt: null, completedAt: null }, now)).toEqual({
      startedAt: now,
      completedAt: null,
    });
    expect(statusTimestamps("in_progress", "done", { startedAt: "s", completedAt: null }, now)).toEqual({
      startedAt: "s",
      completedAt: now,
    });
    expect(statusTimestamps("done", "todo", { startedAt: "s", completedAt: now }, now)).toEqual({
      startedAt: null,
      completedAt: null,
    });
  });

  it("regression: an unchanged status returns only the two timestamps, not the whole task passed in", () => {
    const task = { startedAt: "s", completedAt: null, title: "not a timestamp", createdAt: "2026-01-01T00:00:00.000Z" };
    expect(statusTimestamps("todo", "todo", task, "now")).toEqual({ startedAt: "s", completedAt: null });
  });
});

describe("projects", () => {
  it("suggests keys", () => {
    expect(suggestProjectKey("Demo")).toBe("DEMO");
    expect(suggestProjectKey("web app")).toBe("WA");
    expect(suggestProjectKey("42 things")).toBe("P4T");
    expect(suggestProjectKey("***")).toBe("P");
  });

  it("requires an absolute directory", () => {
    const result = CreateProjectInput.safeParse({ name: "Demo", rootDir: "relative/dir" });
    expect(result.error?.issues[0]?.path).toEqual(["rootDir"]);
    expect(CreateProjectInput.parse({ name: "Demo", rootDir: "/tmp/demo", key: "web" }).key).toBe("WEB");
  });
});

describe("prompt composition", () => {
  const task = makeTask({
    title: "Build login",
    description: "With email.",
    acceptanceCriteria: ["shows errors"],
    priority: "high",
    createdAt: "",
    updatedAt: "",
  });
  const ctx = {
    projectName: "Web",
    persona: "developer" as const,
    tasks: [task],
    parent: null,
    dependencies: [],
    steering: [{ name: "tech.md", text: "Use TypeScript." }],
    isQueue: false,
  };

  it("lays out persona, context, the task and how to report", () => {
    const prompt = composePrompt(ctx);
    expect(prompt).toContain(PERSONA_TEXT.developer);
    expect(prompt).toContain("## tech.md\nUse TypeScript.");
    expect(prompt).toContain("## WEB-1: Build login\n\nWith email.\n\nAcceptance criteria:\n- shows errors");
    expect(prompt).toContain('maestro report done "<summary>"');
    expect(prompt).not.toMatch(/\n{3,}/);
  });

  it("follows a project's own template and leaves unknown placeholders alone", () => {
    expect(composePrompt(ctx, "Do {{tasks}}\n\n{{parent}}\n\nThanks, {{unknown}}")).toBe(
      "Do # Your task\n\n## WEB-1: Build login\n\nWith email.\n\nAcceptance criteria:\n- shows errors\n\nThanks, {{unknown}}",
    );
  });
});

describe("agentForTask", () => {
  const task = (agent: string | null, command: string | null) => ({ agent, command });

  it("takes the agent asked for, then the task's, then the project's default, then shell for a command", () => {
    expect(agentForTask(task("codex", "make"), "gemini", "claude-code")).toBe("claude-code");
    expect(agentForTask(task("codex", "make"), "gemini")).toBe("codex");
    expect(agentForTask(task(null, "make"), "gemini", null)).toBe("gemini");
    expect(agentForTask(task(null, "make"), null)).toBe("shell");
  });

  it("has none for a task without a command when nothing names one", () => {
    expect(agentForTask(task(null, null), null)).toBeNull();
  });
});
