import { AGENT_ADAPTERS, NETWORK_MODES, PERSONAS, SANDBOXES } from "@maestro/domain";
import { integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns";

/** User-defined agent profiles; the built-in ones live in the domain package, not here. */
export const agentTable = pgTable("agent_profiles", {
  name: text("name").primaryKey(),
  adapter: text("adapter", { enum: AGENT_ADAPTERS }).notNull(),
  model: text("model"),
  args: jsonb("args").$type<string[]>().notNull(),
  command: jsonb("command").$type<string[] | null>(),
  permissionMode: text("permission_mode"),
  envAllowlist: jsonb("env_allowlist").$type<string[]>().notNull(),
  skills: jsonb("skills").$type<string[]>().notNull(),
  persona: text("persona", { enum: PERSONAS }).notNull(),
  maxConcurrent: integer("max_concurrent"),
  delegates: jsonb("delegates").$type<string[]>().notNull().default([]),
  sandbox: text("sandbox", { enum: SANDBOXES }).notNull().default("none"),
  network: text("network", { enum: NETWORK_MODES }).notNull().default("on"),
  account: text("account"),
  memoryMb: integer("memory_mb"),
  createdAt: timestampMs("created_at").notNull(),
  updatedAt: timestampMs("updated_at").notNull(),
});
