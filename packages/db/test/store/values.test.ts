import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as pgSchema from "../../src/schema-pg/index";
import * as sqliteSchema from "../../src/schema/index";
import type { StoreTransaction } from "../../src/store/store";
import { asBoolean, asDate, asJson, json } from "../../src/store/values";
import { ENGINES, useStores } from "./engines";
import { insertProject } from "./rows";

const stores = useStores();
const createdAt = new Date("2026-12-05T11:22:33.456Z");
const manifest = { argv: ["claude", "-p"], envNames: ["HOME"] };

/** The same session, read through the dialect's own schema: what repositories may also do. */
async function readTyped(tx: StoreTransaction) {
  if (tx.dialect.engine === "sqlite") {
    const table = sqliteSchema.sessionTable;
    return (await tx.dialect.db.select().from(table).where(eq(table.id, "s1")))[0];
  }
  const table = pgSchema.sessionTable;
  return (await tx.dialect.db.select().from(table).where(eq(table.id, "s1")))[0];
}

describe.each(ENGINES)("values on %s", (engine) => {
  it("one plain-SQL write reads back as the same domain values, plain or through drizzle's schema", async () => {
    const store = await stores.open(engine);
    await store.transaction(async (tx) => {
      await insertProject(tx, "p");
      await tx.run(sql`INSERT INTO sessions (id, project_id, agent, role, status, attempt, prompt, token_hash,
          created_at, use_worktree, manifest, tokens_in)
        VALUES (${"s1"}, ${"p"}, ${"a"}, ${"worker"}, ${"queued"}, ${1}, ${"do it"}, ${"h"},
          ${createdAt}, ${true}, ${json(manifest)}, ${5_000_000_000})`);
    });
    const raw = await store.read(
      async (q) =>
        await q.get<
          Record<string, unknown>
        >(sql`SELECT created_at, use_worktree, is_queue, manifest, tokens_in, cost_usd,
          (SELECT count(*) FROM sessions) AS n, (SELECT sum(tokens_in) FROM sessions) AS total FROM sessions`),
    );
    expect(asDate(raw!.created_at)).toEqual(createdAt);
    expect(asBoolean(raw!.use_worktree)).toBe(true);
    expect(asBoolean(raw!.is_queue)).toBe(false);
    expect(asJson(raw!.manifest)).toEqual(manifest);
    expect(raw!.tokens_in).toBe(5_000_000_000);
    expect(raw!.cost_usd).toBe(0);
    // Counts and sums are numbers on both engines (pg's default would be strings).
    expect(raw!.n).toBe(1);
    expect(raw!.total).toBe(5_000_000_000);

    const typed = await store.transaction(readTyped);
    expect(typed).toMatchObject({
      createdAt,
      useWorktree: true,
      isQueue: false,
      manifest,
      tokensIn: 5_000_000_000,
      startedAt: null,
    });
  });

  it("a statement naming tables and columns through the SQLite schema runs on either engine", async () => {
    const store = await stores.open(engine);
    const { projectTable } = sqliteSchema;
    await store.transaction((tx) => insertProject(tx, "named"));
    const row = await store.read(
      async (q) =>
        await q.get<{ n: number }>(
          sql`SELECT count(*) AS n FROM ${projectTable} WHERE ${projectTable.key} = ${"NAMED"}`,
        ),
    );
    expect(row).toEqual({ n: 1 });
  });
});
