import type { ProjectSettings } from "@maestro/domain";
import { integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns";

export const projectTable = pgTable("projects", {
  id: text("id").primaryKey(),
  key: text("key").notNull().unique(),
  name: text("name").notNull(),
  rootDir: text("root_dir").notNull(),
  description: text("description").notNull().default(""),
  settings: jsonb("settings").$type<ProjectSettings>().notNull(),
  // Task numbers come from this counter, never from MAX(number), so keys never repeat after deletes.
  nextTaskNumber: integer("next_task_number").notNull().default(1),
  createdAt: timestampMs("created_at").notNull(),
  updatedAt: timestampMs("updated_at").notNull(),
});
