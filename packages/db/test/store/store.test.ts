import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ENGINES, useStores } from "./engines";
import { countRows, insertEvent, insertProject, tick } from "./rows";

const stores = useStores();

describe.each(ENGINES)("the %s store", (engine) => {
  it("commits what a transaction wrote when it resolves", async () => {
    const store = await stores.open(engine);
    const answer = await store.transaction(async (tx) => {
      await insertProject(tx, "alpha");
      await tick();
      await insertProject(tx, "beta");
      return "done";
    });
    expect(answer).toBe("done");
    expect(await store.read((q) => countRows(q, "projects"))).toBe(2);
  });

  it("rolls everything back and rethrows when it rejects", async () => {
    const store = await stores.open(engine);
    const failure = new Error("no");
    await expect(
      store.transaction(async (tx) => {
        await insertProject(tx, "alpha");
        await tick();
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await store.read((q) => countRows(q, "projects"))).toBe(0);
  });

  it("undoes a failed savepoint and carries on with the transaction", async () => {
    const store = await stores.open(engine);
    await store.transaction(async (tx) => {
      await insertProject(tx, "kept");
      await expect(
        tx.savepoint(async (inner) => {
          await insertProject(inner, "undone");
          throw new Error("this part fails");
        }),
      ).rejects.toThrow("this part fails");
      // A failing statement too: PostgreSQL aborts the whole transaction unless the savepoint is rolled back.
      await expect(tx.savepoint((inner) => insertProject(inner, "kept"))).rejects.toThrow();
      const nested = await tx.savepoint(async (inner) => {
        await insertProject(inner, "outer-savepoint");
        await inner.savepoint((deeper) => insertProject(deeper, "inner-savepoint"));
        return "nested";
      });
      expect(nested).toBe("nested");
      await insertProject(tx, "after");
    });
    const keys = await store.read(async (q) => await q.all<{ id: string }>(sql`SELECT id FROM projects ORDER BY id`));
    expect(keys.map((row) => row.id)).toEqual(["after", "inner-savepoint", "kept", "outer-savepoint"]);
  });

  it("refuses statements on a transaction while its savepoint is open, and after it ended", async () => {
    const store = await stores.open(engine);
    let leaked: Parameters<Parameters<typeof store.transaction>[0]>[0] | undefined;
    await store.transaction(async (tx) => {
      leaked = tx;
      await tx.savepoint(async () => {
        await expect(insertProject(tx, "wrong-scope")).rejects.toThrow(/savepoint of this transaction is open/);
      });
    });
    await expect(insertProject(leaked!, "too-late")).rejects.toThrow(/has ended/);
    expect(await store.read((q) => countRows(q, "projects"))).toBe(0);
  });

  it(
    "keeps concurrent transactions apart: none sees another's uncommitted or rolled-back rows",
    { timeout: 60_000 },
    async () => {
      const store = await stores.open(engine);
      const seenUncommitted: number[] = [];
      const work = Array.from({ length: 40 }, async (_, index) => {
        const failing = index % 2 === 1;
        const actor = `${failing ? "rolled-back" : "committed"}-${index}`;
        return await store.transaction(async (tx) => {
          for (let step = 0; step < 3; step++) {
            await insertEvent(tx, actor);
            await tick();
            seenUncommitted.push(await countRows(tx, "events", sql`actor LIKE 'rolled-back-%' AND actor <> ${actor}`));
            expect(await countRows(tx, "events", sql`actor = ${actor}`)).toBe(step + 1);
          }
          if (failing) throw new Error(`${actor} fails`);
        });
      });
      const reads = Array.from({ length: 20 }, async () => {
        await tick();
        return await store.read((q) => countRows(q, "events", sql`actor LIKE 'rolled-back-%'`));
      });
      const outcomes = await Promise.allSettled(work);
      expect(outcomes.filter((outcome) => outcome.status === "rejected")).toHaveLength(20);
      expect(await Promise.all(reads)).toEqual(Array(20).fill(0));
      expect(seenUncommitted.every((count) => count === 0)).toBe(true);
      expect(await store.read((q) => countRows(q, "events"))).toBe(60);
      expect(await store.read((q) => countRows(q, "events", sql`actor LIKE 'rolled-back-%'`))).toBe(0);
    },
  );

  it("hands out a counter's values once each to concurrent writers", { timeout: 60_000 }, async () => {
    const store = await stores.open(engine, { maxConnections: 8 });
    await store.transaction((tx) => insertProject(tx, "counted"));
    const numbers = await Promise.all(
      Array.from(
        { length: 40 },
        async () =>
          await store.transaction(async (tx) => {
            await tick();
            const row = await tx.get<{ next_task_number: number }>(
              sql`UPDATE projects SET next_task_number = next_task_number + 1 WHERE id = ${"counted"} RETURNING next_task_number`,
            );
            await tick();
            return row!.next_task_number;
          }),
      ),
    );
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, index) => index + 2));
  });
});
