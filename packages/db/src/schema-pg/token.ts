import { ROLES } from "@maestro/domain";
import { sql } from "drizzle-orm";
import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns";

/** Named tokens, as in the SQLite schema (schema/token.ts): only the SHA-256 of the secret is kept. */
export const tokenTable = pgTable(
  "tokens",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    secretHash: text("secret_hash").notNull(),
    createdAt: timestampMs("created_at").notNull(),
    lastUsedAt: timestampMs("last_used_at"),
    revokedAt: timestampMs("revoked_at"),
  },
  (table) => [
    uniqueIndex("tokens_secret_hash_idx").on(table.secretHash),
    uniqueIndex("tokens_live_name_idx")
      .on(sql`lower(${table.name})`)
      .where(sql`${table.revokedAt} IS NULL`),
  ],
);
