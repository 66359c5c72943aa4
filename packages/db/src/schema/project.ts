import type { ProjectSettings } from "@maestro/domain";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const projectTable = sqliteTable("projects", {
  id: text("id").primaryKey(),
  key: text("key").notNull().unique(),
  name: text("name").notNull(),
  rootDir: text("root_dir").notNull(),
  description: text("description").notNull().default(""),
  settings: text("settings", { mode: "json" }).$type<ProjectSettings>().notNull(),
  // Task numbers come from this counter, never from MAX(number), so keys never repeat after deletes.
  nextTaskNumber: integer("next_task_number").notNull().default(1),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

export type ProjectRow = typeof projectTable.$inferSelect;
