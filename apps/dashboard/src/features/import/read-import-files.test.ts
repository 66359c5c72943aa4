import { MAX_IMPORT_BYTES, MAX_IMPORT_FILES } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { folderNameOf, type PickedFile, readImportFiles, relativePathOf, toPickedFiles } from "./read-import-files";

function picked(path: string, text: string, size = text.length): PickedFile {
  return { path, size, text: () => Promise.resolve(text) };
}

describe("relativePathOf", () => {
  it("strips the chosen folder's own name from a folder pick", () => {
    expect(relativePathOf({ name: "task-1.md", webkitRelativePath: "backlog/tasks/task-1.md" })).toBe(
      "tasks/task-1.md",
    );
  });

  it("uses the file's name for a single file", () => {
    expect(relativePathOf({ name: "tasks.json", webkitRelativePath: "" })).toBe("tasks.json");
    expect(relativePathOf({ name: "tasks.json" })).toBe("tasks.json");
  });
});

describe("folderNameOf", () => {
  it("names the chosen folder, or nothing for a single file", () => {
    expect(folderNameOf([{ webkitRelativePath: "001-photo-albums/spec.md" }])).toBe("001-photo-albums");
    expect(folderNameOf([{ webkitRelativePath: "" }])).toBeNull();
  });
});

describe("readImportFiles", () => {
  it("reads browser Files into paths and texts", async () => {
    const result = await readImportFiles(toPickedFiles([new File(['{"tasks":[]}'], "tasks.json")]));
    expect(result).toEqual({ ok: true, files: { "tasks.json": '{"tasks":[]}' }, count: 1, chars: 12, folder: null });
  });

  it("keeps the text files of a folder and skips images, .git and node_modules", async () => {
    const result = await readImportFiles([
      picked("spec.md", "# Spec"),
      picked("plan.md", "# Plan"),
      picked("diagram.png", "binary"),
      picked(".git/config.json", "{}"),
      picked("node_modules/x/package.json", "{}"),
    ]);
    expect(result.ok && Object.keys(result.files)).toEqual(["spec.md", "plan.md"]);
  });

  it("reads only projects and tasks of an Agent Maestro data folder, never its session timelines", async () => {
    const result = await readImportFiles(
      [
        picked("projects/p1.json", "{}"),
        picked("tasks/p1/t1.json", "{}"),
        picked("data/tasks/t2.json", "{}"),
        { path: "sessions/s1.json", size: MAX_IMPORT_BYTES * 10, text: () => Promise.reject(new Error("read")) },
      ],
      { format: "agent-maestro" },
    );
    expect(result.ok && Object.keys(result.files)).toEqual([
      "projects/p1.json",
      "tasks/p1/t1.json",
      "data/tasks/t2.json",
    ]);
  });

  it("refuses a pick with nothing to import", async () => {
    const result = await readImportFiles([picked("logo.png", "x")]);
    expect(result).toEqual({ ok: false, message: expect.stringContaining("Nothing to import") });
  });

  it("refuses more files than an import takes, without reading them", async () => {
    let reads = 0;
    const files = Array.from({ length: MAX_IMPORT_FILES + 1 }, (_, index) => ({
      path: `tasks/task-${index}.md`,
      size: 1,
      text: () => Promise.resolve(String(++reads)),
    }));
    const result = await readImportFiles(files);
    expect(result).toEqual({ ok: false, message: expect.stringContaining(`${MAX_IMPORT_FILES + 1} files`) });
    expect(reads).toBe(0);
  });

  it("takes exactly the cap of files", async () => {
    const files = Array.from({ length: MAX_IMPORT_FILES }, (_, index) => picked(`tasks/task-${index}.md`, "x"));
    expect((await readImportFiles(files)).ok).toBe(true);
  });

  it("refuses texts over the character cap, counted in characters as the server counts", async () => {
    const half = "a".repeat(MAX_IMPORT_BYTES / 2);
    expect((await readImportFiles([picked("a.md", half), picked("b.md", half)])).ok).toBe(true);
    const result = await readImportFiles([picked("a.md", half), picked("b.md", `${half}!`)]);
    expect(result).toEqual({ ok: false, message: expect.stringContaining("an import takes at most 1.5 MB") });
  });

  it("refuses texts under the character cap whose request would pass the server's body limit", async () => {
    const wide = "é".repeat(MAX_IMPORT_BYTES); // 2 bytes each in UTF-8
    const result = await readImportFiles([picked("a.md", wide)]);
    expect(result).toEqual({ ok: false, message: expect.stringContaining("3.0 MB") });
  });

  it("refuses files far over the cap by their size, before reading them", async () => {
    const result = await readImportFiles([
      { path: "huge.json", size: MAX_IMPORT_BYTES * 5, text: () => Promise.reject(new Error("read")) },
    ]);
    expect(result).toEqual({ ok: false, message: expect.stringContaining("7.5 MB") });
  });
});
