import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Store } from "../../src/store/store";
import { useStores } from "./engines";
import { insertProject } from "./rows";

const stores = useStores();
const SESSIONS = 60;
const WORKERS = 6;

async function queueSessions(store: Store): Promise<void> {
  await store.transaction(async (tx) => {
    await insertProject(tx, "p");
    for (let index = 0; index < SESSIONS; index++) {
      await tx.run(sql`INSERT INTO sessions (id, project_id, agent, role, status, attempt, prompt, token_hash, created_at)
        VALUES (${`s${String(index).padStart(3, "0")}`}, ${"p"}, ${"a"}, ${"worker"}, ${"queued"}, ${1}, ${""}, ${"h"}, ${new Date(index)})`);
    }
  });
}

/**
 * One claim as the runners' will: the oldest queued session no other transaction holds, held
 * across an await (the claim's other writes), then marked as this worker's.
 */
async function claim(
  store: Store,
  worker: string,
  holding: { now: number; most: number },
): Promise<string | undefined> {
  return await store.transaction(async (tx) => {
    const row = await tx.get<{ id: string }>(
      sql`SELECT id FROM sessions WHERE status = 'queued' ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    if (!row) return undefined;
    holding.most = Math.max(holding.most, ++holding.now);
    await new Promise((resolve) => setTimeout(resolve, 5));
    holding.now--;
    const changed = await tx.run(
      sql`UPDATE sessions SET status = 'starting', runner_id = ${worker} WHERE id = ${row.id} AND status = 'queued'`,
    );
    expect(changed).toBe(1);
    return row.id;
  });
}

describe("claims on PostgreSQL with FOR UPDATE SKIP LOCKED", () => {
  it(
    "concurrent workers take every queued session exactly once, without waiting on each other",
    { timeout: 60_000 },
    async () => {
      const store = await stores.open("postgres", { maxConnections: WORKERS });
      await queueSessions(store);
      const holding = { now: 0, most: 0 };
      const claimedBy = await Promise.all(
        Array.from({ length: WORKERS }, async (_, index) => {
          const worker = `runner-${index}`;
          const mine: string[] = [];
          for (;;) {
            const id = await claim(store, worker, holding);
            if (!id) return mine;
            mine.push(id);
          }
        }),
      );
      const all = claimedBy.flat();
      expect(all).toHaveLength(SESSIONS);
      expect(new Set(all).size).toBe(SESSIONS);
      // Claims were held at the same time: a locked row was skipped, not waited for.
      expect(holding.most).toBeGreaterThan(1);
      expect(claimedBy.filter((mine) => mine.length > 0).length).toBeGreaterThan(1);
      const rows = await store.read(
        async (q) =>
          await q.all<{ runner_id: string; n: number }>(
            sql`SELECT runner_id, count(*) AS n FROM sessions GROUP BY runner_id`,
          ),
      );
      expect(rows.every((row) => row.runner_id !== null)).toBe(true);
      expect(rows.reduce((sum, row) => sum + row.n, 0)).toBe(SESSIONS);
    },
  );
});
