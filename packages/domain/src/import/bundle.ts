import { z } from "zod";
import { EntityRef, oneOf } from "../common";
import type { TaskPriority, TaskStatus } from "../task";

/**
 * The shared contract of `maestro import` / `maestro export`: every format's parser turns the
 * files it is given into one ImportBundle (pure, no I/O, linear in the input); the server turns a
 * bundle into an ImportPlan against the project (what it will create, update or leave) and applies
 * a plan in one transaction.
 */
export const IMPORT_FORMATS = ["taskmaster", "spec-kit", "kiro", "backlog", "agent-maestro", "json"] as const;
export const ImportFormat = oneOf(IMPORT_FORMATS);
export type ImportFormat = z.infer<typeof ImportFormat>;

export const EXPORT_FORMATS = ["taskmaster", "json"] as const;
export const ExportFormat = oneOf(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** Caps on what a client may send: an import is one request under the server's 2 MB body limit. */
export const MAX_IMPORT_FILES = 500;
export const MAX_IMPORT_BYTES = 1_500_000;
export const MAX_IMPORT_ITEMS = 5_000;

/**
 * What was read: paths relative to the chosen file's folder or the chosen folder, with `/`
 * separators, each to its UTF-8 text. A single file is `{ "<its name>": text }`.
 */
export const ImportFiles = z
  .record(z.string().min(1).max(500), z.string())
  .refine((files) => Object.keys(files).length > 0, "must hold at least one file")
  .refine((files) => Object.keys(files).length <= MAX_IMPORT_FILES, `must hold at most ${MAX_IMPORT_FILES} files`)
  .refine(
    (files) => Object.values(files).reduce((sum, text) => sum + text.length, 0) <= MAX_IMPORT_BYTES,
    `must total at most ${MAX_IMPORT_BYTES} characters`,
  );
export type ImportFiles = z.infer<typeof ImportFiles>;

/** Something an import could not carry over as it was: reported per item, never dropped silently. */
export interface ImportWarning {
  /** The source item it is about (`task 3.2`, `tasks.md line 14`, `backlog/tasks/task-7.md`). */
  item: string;
  message: string;
}

export interface ImportedTask {
  /** Stable within the source (`3`, `3.2`, `T012`, `task-7`): re-imports match on it. */
  sourceId: string;
  title: string;
  /** Markdown: the source's description plus its other text (details, test strategy, plan, notes) as sections. */
  description: string;
  acceptanceCriteria: string[];
  status: TaskStatus;
  priority: TaskPriority;
  /** The parent's sourceId (a subtask), or null. */
  parentSourceId: string | null;
  /** sourceIds of tasks in the same bundle this one waits for. */
  dependsOn: string[];
  /** sourceId of a spec in the same bundle this task implements, or null. */
  specSourceId: string | null;
  /** Requirement ids it covers (`US1`, `FR-003`, `1.2`). */
  requirementIds: string[];
  /**
   * Its item number in its spec's tasks document (Kiro's `2.1`), when the document is in Maestro's
   * tasks.md form: the import links the two, so approving that document later updates this task
   * rather than creating a copy.
   */
  specItem?: string | undefined;
}

export interface ImportedSpec {
  /** Stable within the source (the feature folder's name): re-imports match on it. */
  sourceId: string;
  name: string;
  /** Markdown documents by phase; a missing phase is simply absent. */
  documents: Partial<Record<"requirements" | "design" | "tasks", string>>;
}

export interface ImportedSteering {
  /** The steering document's name (file name without `.md`). */
  name: string;
  content: string;
}

export interface ImportBundle {
  format: ImportFormat;
  /**
   * Names the source within the project so a re-import finds what it created
   * (`taskmaster:master`, `spec-kit:001-photo-albums`, `backlog`, `agent-maestro:<project id>`).
   */
  source: string;
  tasks: ImportedTask[];
  specs: ImportedSpec[];
  steering: ImportedSteering[];
  warnings: ImportWarning[];
}

export interface ParseOptions {
  /** taskmaster: the tag to import (default `master`, or the only one). */
  tag?: string | undefined;
  /** spec-kit, kiro: the chosen folder's own name, which the file paths (relative to it) do not carry. */
  folder?: string | undefined;
}

/**
 * A format's parser. Throws DomainError("INVALID_INPUT", …) naming the file and item when the input is
 * not that format or an item is unusable (one bad item fails the whole import).
 */
export type ImportParser = (files: ImportFiles, options: ParseOptions) => ImportBundle;

export const ImportInput = z
  .object({
    projectId: EntityRef,
    format: ImportFormat,
    /** Files the client read and sent (CLI, dashboard upload)… */
    files: ImportFiles.optional(),
    /** …or a path inside the project's root that the server reads (dashboard "path"). */
    path: z.string().trim().min(1).max(1000).optional(),
    tag: z.string().trim().min(1).max(200).optional(),
    /** The chosen folder's own name (the file paths are relative to it); the server uses the path's for `path`. */
    folder: z.string().trim().min(1).max(200).optional(),
  })
  .refine((input) => (input.files === undefined) !== (input.path === undefined), {
    message: "give either files or path, not both",
    path: ["files"],
  });
export type ImportInput = z.input<typeof ImportInput>;

/** One task line of a plan: what the import does to it. */
export interface ImportPlanTask {
  sourceId: string;
  title: string;
  action: "create" | "update" | "unchanged";
  /** The existing task's key for update/unchanged; the key it will get for create. */
  key: string;
  status: TaskStatus;
  /** For update: the fields that change (`title`, `status`, `dependsOn`, …). */
  changes: string[];
}

export interface ImportPlanSpec {
  sourceId: string;
  name: string;
  action: "create" | "update" | "unchanged";
  /** The spec's slug (existing, or the one it will get). */
  slug: string;
  documents: ("requirements" | "design" | "tasks")[];
}

export interface ImportPlan {
  format: ImportFormat;
  source: string;
  projectKey: string;
  tasks: ImportPlanTask[];
  specs: ImportPlanSpec[];
  steering: { name: string; action: "create" | "update" | "unchanged" }[];
  warnings: ImportWarning[];
  /** Counts for a one-line summary. */
  counts: { create: number; update: number; unchanged: number };
  /** True when the project's autopilot is on: imported tasks are created held (released by `task retry` or the dashboard). */
  held: boolean;
}

/** Who holds the tasks an import creates while autopilot is on (released by `task retry`). */
export const IMPORT_HOLDER = "import";

export const ExportInput = z.object({ projectId: EntityRef, format: ExportFormat });
export type ExportInput = z.infer<typeof ExportInput>;
