import { describe, expect, it } from "vitest";
import { EMPTY_IMPORT_FORM, formFieldOf, toImportInput } from "./import-form";

const files = { "tasks.json": "{}" };

describe("toImportInput", () => {
  it("sends the read files for an upload, and the tag for taskmaster", () => {
    const form = { ...EMPTY_IMPORT_FORM, tag: " feature-x " };
    expect(toImportInput("P1", form, { state: "read", files, count: 1, chars: 2, folder: null })).toEqual({
      input: { projectId: "P1", format: "taskmaster", files, tag: "feature-x" },
    });
  });

  it("sends the chosen folder's name with a folder's files", () => {
    const form = { ...EMPTY_IMPORT_FORM, format: "spec-kit" as const };
    const upload = { state: "read" as const, files: { "spec.md": "# Spec" }, count: 1, chars: 6, folder: "001-albums" };
    expect(toImportInput("P1", form, upload)).toEqual({
      input: { projectId: "P1", format: "spec-kit", files: { "spec.md": "# Spec" }, folder: "001-albums" },
    });
  });

  it("sends the trimmed path for a path import, never files", () => {
    const form = { ...EMPTY_IMPORT_FORM, source: "path" as const, path: " .taskmaster/tasks/tasks.json " };
    expect(toImportInput("P1", form, { state: "read", files, count: 1, chars: 2, folder: null })).toEqual({
      input: { projectId: "P1", format: "taskmaster", path: ".taskmaster/tasks/tasks.json" },
    });
  });

  it("sends the project of an Agent Maestro data folder as its tag", () => {
    const form = {
      ...EMPTY_IMPORT_FORM,
      format: "agent-maestro" as const,
      source: "path" as const,
      path: "d",
      tag: "web",
    };
    expect(toImportInput("P1", form, { state: "none" })).toEqual({
      input: { projectId: "P1", format: "agent-maestro", path: "d", tag: "web" },
    });
  });

  it("drops the tag for formats without tags", () => {
    const form = {
      ...EMPTY_IMPORT_FORM,
      format: "backlog" as const,
      source: "path" as const,
      path: "backlog",
      tag: "x",
    };
    expect(toImportInput("P1", form, { state: "none" })).toEqual({
      input: { projectId: "P1", format: "backlog", path: "backlog" },
    });
  });

  it("names the field when there is nothing to send", () => {
    expect(toImportInput("P1", { ...EMPTY_IMPORT_FORM, source: "path" }, { state: "none" })).toMatchObject({
      field: "path",
    });
    expect(toImportInput("P1", EMPTY_IMPORT_FORM, { state: "none" })).toMatchObject({ field: "files" });
    expect(toImportInput("P1", EMPTY_IMPORT_FORM, { state: "refused", message: "too many" })).toEqual({
      field: "files",
      message: "too many",
    });
  });
});

describe("formFieldOf", () => {
  it("marks the path field for a parse error of files the server read from the path", () => {
    expect(formFieldOf("files", "path")).toBe("path");
    expect(formFieldOf("files.tasks.json", "path")).toBe("path");
    expect(formFieldOf("files", "upload")).toBe("files");
    expect(formFieldOf("tag", "path")).toBe("tag");
    expect(formFieldOf(null, "path")).toBeNull();
  });
});
