import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * One-time dashboard sign-in codes, in the database so a link printed by one instance works on
 * any other. Only the SHA-256 of a code is kept; a used code stays (used_at set) until it
 * expires, so a second click is told "already used" rather than "not valid".
 */
export const signInCodeTable = sqliteTable("sign_in_codes", {
  codeHash: text("code_hash").primaryKey(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  usedAt: integer("used_at", { mode: "timestamp_ms" }),
});

export type SignInCodeRow = typeof signInCodeTable.$inferSelect;
