import { ROLES } from "@maestro/domain";
import { sql } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * Named tokens (a person or a script on a team server). Only the SHA-256 of the secret is kept;
 * a live token's name is unique whatever its case, and a revoked one's name may be given again.
 */
export const tokenTable = sqliteTable(
  "tokens",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    secretHash: text("secret_hash").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (table) => [
    uniqueIndex("tokens_secret_hash_idx").on(table.secretHash),
    uniqueIndex("tokens_live_name_idx")
      .on(sql`lower(${table.name})`)
      .where(sql`${table.revokedAt} IS NULL`),
  ],
);

export type TokenRow = typeof tokenTable.$inferSelect;
