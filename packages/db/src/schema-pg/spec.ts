import {
  DOCUMENT_PHASES,
  DOCUMENT_SOURCES,
  REVIEW_KINDS,
  REVIEW_STATES,
  SPEC_PHASES,
  SPEC_STATUSES,
} from "@maestro/domain";
import { sql } from "drizzle-orm";
import { index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns";
import { projectTable } from "./project";
import { taskTable } from "./task";

export const specTable = pgTable(
  "specs",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projectTable.id, { onDelete: "cascade" }),
    // Names the folder `<rootDir>/.maestro/specs/<slug>/`, so it is unique within a project.
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    request: text("request").notNull().default(""),
    phase: text("phase", { enum: SPEC_PHASES }).notNull(),
    status: text("status", { enum: SPEC_STATUSES }).notNull(),
    createdAt: timestampMs("created_at").notNull(),
    updatedAt: timestampMs("updated_at").notNull(),
    /** `<source>#<item id>` of the import that created it, so a re-import updates it instead of adding another. */
    sourceRef: text("source_ref"),
  },
  (table) => [
    uniqueIndex("specs_project_slug_unique").on(table.projectId, table.slug),
    uniqueIndex("specs_project_source_ref_unique")
      .on(table.projectId, table.sourceRef)
      .where(sql`${table.sourceRef} IS NOT NULL`),
  ],
);

/** The review state and required approvals of each document phase of a spec. */
export const specPhaseTable = pgTable(
  "spec_phases",
  {
    specId: text("spec_id")
      .notNull()
      .references(() => specTable.id, { onDelete: "cascade" }),
    phase: text("phase", { enum: DOCUMENT_PHASES }).notNull(),
    reviewState: text("review_state", { enum: REVIEW_STATES }).notNull(),
    requiredApprovals: integer("required_approvals").notNull(),
    updatedAt: timestampMs("updated_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.specId, table.phase] })],
);

/** Every version of every phase document: the full history, never updated in place. */
export const specVersionTable = pgTable(
  "spec_versions",
  {
    specId: text("spec_id")
      .notNull()
      .references(() => specTable.id, { onDelete: "cascade" }),
    phase: text("phase", { enum: DOCUMENT_PHASES }).notNull(),
    version: integer("version").notNull(),
    text: text("text").notNull(),
    author: text("author").notNull(),
    source: text("source", { enum: DOCUMENT_SOURCES }).notNull(),
    createdAt: timestampMs("created_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.specId, table.phase, table.version] })],
);

/** Submissions, approvals and change requests, each about one document version. */
export const specReviewTable = pgTable(
  "spec_reviews",
  {
    id: text("id").primaryKey(),
    specId: text("spec_id")
      .notNull()
      .references(() => specTable.id, { onDelete: "cascade" }),
    phase: text("phase", { enum: DOCUMENT_PHASES }).notNull(),
    kind: text("kind", { enum: REVIEW_KINDS }).notNull(),
    version: integer("version").notNull(),
    actor: text("actor").notNull(),
    comment: text("comment").notNull().default(""),
    createdAt: timestampMs("created_at").notNull(),
  },
  (table) => [index("spec_reviews_spec_idx").on(table.specId, table.phase, table.version)],
);

/** Which task an item of tasks.md became, so a re-sync updates it instead of duplicating it. */
export const specTaskTable = pgTable(
  "spec_tasks",
  {
    specId: text("spec_id")
      .notNull()
      .references(() => specTable.id, { onDelete: "cascade" }),
    item: text("item").notNull(),
    taskId: text("task_id")
      .notNull()
      .references(() => taskTable.id, { onDelete: "cascade" }),
  },
  (table) => [
    primaryKey({ columns: [table.specId, table.item] }),
    uniqueIndex("spec_tasks_task_unique").on(table.taskId),
  ],
);
