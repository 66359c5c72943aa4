import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useStores } from "./engines";
import { insertProject } from "./rows";

const stores = useStores();

describe("a deadlock on PostgreSQL", () => {
  it("is broken by the engine and the victim transaction runs again, so both commit", async () => {
    const store = await stores.open("postgres", { maxConnections: 4 });
    await store.transaction(async (tx) => {
      await tx.run(sql`CREATE TABLE counters (id integer PRIMARY KEY, n integer NOT NULL)`);
      await tx.run(sql`INSERT INTO counters VALUES (1, 0), (2, 0)`);
    });
    let attempts = 0;
    // Each holds one row and then wants the other's: PostgreSQL aborts one with 40P01.
    let arrived = 0;
    let release!: () => void;
    const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
    const bump = (first: number, second: number) =>
      store.transaction(async (tx) => {
        attempts++;
        await tx.run(sql`UPDATE counters SET n = n + 1 WHERE id = ${first}`);
        if (++arrived === 2) release();
        await bothHoldOne;
        await tx.run(sql`UPDATE counters SET n = n + 1 WHERE id = ${second}`);
      });
    await Promise.all([bump(1, 2), bump(2, 1)]);
    const rows = await store.db.all<{ id: number; n: number }>(sql`SELECT id, n FROM counters ORDER BY id`);
    expect(rows).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
    expect(attempts).toBe(3);
  }, 30_000);

  it("is run again when it came from a drizzle query too (drizzle wraps the driver's error)", async () => {
    const store = await stores.open("postgres", { maxConnections: 4 });
    await store.transaction(async (tx) => {
      await insertProject(tx, "one");
      await insertProject(tx, "two");
    });
    let attempts = 0;
    let arrived = 0;
    let release!: () => void;
    const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
    const rename = (first: string, second: string) =>
      store.transaction(async (tx) => {
        attempts++;
        const { projectTable } = tx.t;
        await tx.orm
          .update(projectTable)
          .set({ description: `${first}` })
          .where(eq(projectTable.id, first));
        if (++arrived === 2) release();
        await bothHoldOne;
        await tx.orm
          .update(projectTable)
          .set({ description: `${first}` })
          .where(eq(projectTable.id, second));
      });
    await Promise.all([rename("one", "two"), rename("two", "one")]);
    expect(attempts).toBe(3);
  }, 30_000);
});
