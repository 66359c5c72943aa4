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
    const [one, two, other, elsewhere] = [
      seedTask(database, web, "one"),
      seedTask(database, web, "two"),
      seedTask(database, web, "other"),
      seedTask(database, api, "elsewhere"),
    ];
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
    const one = seedTask(database, web, "one");
    const two = seedTask(database, web, "two");
    await setTaskSourceRef(database.db, one.id, "json:WEB#WEB-1");
    expect(async () => await setTaskSourceRef(database.db, two.id, "json:WEB#WEB-1")).toThrow(/UNIQUE/);
    const spec = async (slug: string) =>
      await insertSpec(database.db, { projectId: web.id, slug, name: slug, request: "", requiredApprovals: 1 });
    const [a, b] = [spec("a"), spec("b")];
    await setSpecSourceRef(database.db, a.id, "kiro#login");
    expect(async () => await setSpecSourceRef(database.db, b.id, "kiro#login")).toThrow(/UNIQUE/);
    expect((await findSpecIdsOfSource(database.db, web.id, "kiro")).get("login")).toBe(a.id);
  });
});
