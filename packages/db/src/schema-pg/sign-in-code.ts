import { pgTable, text } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns";

/** One-time dashboard sign-in codes, as in the SQLite schema (schema/sign-in-code.ts). */
export const signInCodeTable = pgTable("sign_in_codes", {
  codeHash: text("code_hash").primaryKey(),
  createdAt: timestampMs("created_at").notNull(),
  expiresAt: timestampMs("expires_at").notNull(),
  usedAt: timestampMs("used_at"),
});
