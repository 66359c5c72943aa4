import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { findProjectByRef } from "../../src/repositories/project-repository";
import { openSqliteStore } from "../../src/store/sqlite-store";
import type { Store } from "../../src/store/store";
import { countRows, insertProject, tick } from "./rows";

const opened: Array<{ store: Store; dir: string }> = [];

/** The server's store on a file: reads outside transactions on their own connection. */
function openServerStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), "maestro-reads-"));
  const store = openSqliteStore({ path: join(dir, "maestro.db"), outsideTransactions: "read-only" });
  opened.push({ store, dir });
  return store;
}

afterEach(async () => {
  for (const { store, dir } of opened.splice(0)) {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("reads outside a transaction on a SQLite file (regression: uncommitted rows shown)", () => {
  it("never see a row that another transaction wrote and then rolled back", async () => {
    const store = openServerStore();
    const seen: number[] = [];
    const writer = store.transaction(async (tx) => {
      await insertProject(tx, "ghost");
      await tick();
      await insertProject(tx, "ghost2");
      await tick();
      throw new Error("validation failed");
    });
    // Another request's reads, while the transaction is open between its statements.
    for (let i = 0; i < 3; i++) {
      seen.push(await countRows(store.db, "projects"));
      expect(await findProjectByRef(store.db, "GHOST")).toBeUndefined();
      await tick();
    }
    await expect(writer).rejects.toThrow("validation failed");
    expect(seen).toEqual([0, 0, 0]);
    expect(await countRows(store.db, "projects")).toBe(0);
  });

  it("see a transaction's rows once it committed, and its own code reads them before", async () => {
    const store = openServerStore();
    let insideSaw = -1;
    let outsideSaw = -1;
    const writer = store.transaction(async (tx) => {
      await insertProject(tx, "alpha");
      await tick();
      // Code inside the transaction reading through store.db (a verb reading back its write).
      insideSaw = await countRows(store.db, "projects");
      expect((await findProjectByRef(store.db, "ALPHA"))?.id).toBe("alpha");
      await tick();
    });
    outsideSaw = await countRows(store.db, "projects");
    await writer;
    expect({ insideSaw, outsideSaw }).toEqual({ insideSaw: 1, outsideSaw: 0 });
    expect(await countRows(store.db, "projects")).toBe(1);
    expect((await findProjectByRef(store.db, "ALPHA"))?.id).toBe("alpha");
  });

  it("refuse writes, naming them", async () => {
    const store = openServerStore();
    await expect(insertProject(store.db, "nope")).rejects.toThrow(/write outside a transaction|readonly/);
    await expect(store.db.run(sql`DELETE FROM projects`)).rejects.toThrow();
  });
});
