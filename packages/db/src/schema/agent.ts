import { AGENT_ADAPTERS, NETWORK_MODES, PERSONAS, SANDBOXES } from "@maestro/domain";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** User-defined agent profiles; the built-in ones live in the domain package, not here. */
export const agentTable = sqliteTable("agent_profiles", {
  name: text("name").primaryKey(),
  adapter: text("adapter", { enum: AGENT_ADAPTERS }).notNull(),
  model: text("model"),
  args: text("args", { mode: "json" }).$type<string[]>().notNull(),
  command: text("command", { mode: "json" }).$type<string[] | null>(),
  permissionMode: text("permission_mode"),
  envAllowlist: text("env_allowlist", { mode: "json" }).$type<string[]>().notNull(),
  skills: text("skills", { mode: "json" }).$type<string[]>().notNull(),
  persona: text("persona", { enum: PERSONAS }).notNull(),
  maxConcurrent: integer("max_concurrent"),
  delegates: text("delegates", { mode: "json" }).$type<string[]>().notNull().default([]),
  sandbox: text("sandbox", { enum: SANDBOXES }).notNull().default("none"),
  network: text("network", { enum: NETWORK_MODES }).notNull().default("on"),
  account: text("account"),
  memoryMb: integer("memory_mb"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

export type AgentRow = typeof agentTable.$inferSelect;
