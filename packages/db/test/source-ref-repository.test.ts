import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type Store,
  findSpecIdsOfSource,
  findTaskIdsOfSource,
  insertSpec,
  openSqliteStore,
  setSpecSourceRef,
  setTaskSourceRef,
  sourceRefOf,
} from "../src/index";
import { seedProject, seedTask } from "./seed";

let database: Store;
beforeEach(() => {
  database = openSqliteStore({ path: ":memory:" });
});
afterEach(async () => await database.close());

describe("source references", () => {
  it("finds a source's tasks by item id, and only that source's, in that project", async () => {
    const web = await seedProject(database, "WEB");
    const api = await seedProject(database, "API");
    const one = await seedTask(database, web, "one");
    const two = await seedTask(database, web, "two");
    const other = await seedTask(database, web, "other");
    const elsewhere = await seedTask(database, api, "elsewhere");
    await setTaskSourceRef(database.db, one.id, sourceRefOf("taskmaster:master", "1"));
    await setTaskSourceRef(database.db, two.id, sourceRefOf("taskmaster:master", "1.2"));
    await setTaskSourceRef(database.db, other.id, sourceRefOf("taskmaster:master_%", "1"));
    await setTaskSourceRef(database.db, elsewhere.id, sourceRefOf("taskmaster:master", "1"));
    const found = await findTaskIdsOfSource(database.db, web.id, "taskmaster:master");
    expect([...found.entries()]).toEqual([
      ["1", one.id],
      ["1.2", two.id],
    ]);
  });

  it("refuses a second task or spec with the same reference in one project", async () => {
    const web = await seedProject(database, "WEB");
    const one = await seedTask(database, web, "one");
    const two = await seedTask(database, web, "two");
    await setTaskSourceRef(database.db, one.id, "json:WEB#WEB-1");
    await expect(setTaskSourceRef(database.db, two.id, "json:WEB#WEB-1")).rejects.toThrow(/UNIQUE/);
    const spec = async (slug: string) =>
      await insertSpec(database.db, { projectId: web.id, slug, name: slug, request: "", requiredApprovals: 1 });
    const a = await spec("a");
    const b = await spec("b");
    await setSpecSourceRef(database.db, a.id, "kiro#login");
    await expect(setSpecSourceRef(database.db, b.id, "kiro#login")).rejects.toThrow(/UNIQUE/);
    expect((await findSpecIdsOfSource(database.db, web.id, "kiro")).get("login")).toBe(a.id);
  });
});
