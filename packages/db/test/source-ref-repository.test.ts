import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type Database,
  findSpecIdsOfSource,
  findTaskIdsOfSource,
  insertSpec,
  openDatabase,
  setSpecSourceRef,
  setTaskSourceRef,
  sourceRefOf,
} from "../src/index";
import { seedProject, seedTask } from "./seed";

let database: Database;
beforeEach(() => {
  database = openDatabase({ path: ":memory:" });
});
afterEach(() => database.close());

describe("source references", () => {
  it("finds a source's tasks by item id, and only that source's, in that project", () => {
    const web = seedProject(database, "WEB");
    const api = seedProject(database, "API");
    const [one, two, other, elsewhere] = [
      seedTask(database, web, "one"),
      seedTask(database, web, "two"),
      seedTask(database, web, "other"),
      seedTask(database, api, "elsewhere"),
    ];
    setTaskSourceRef(database.db, one.id, sourceRefOf("taskmaster:master", "1"));
    setTaskSourceRef(database.db, two.id, sourceRefOf("taskmaster:master", "1.2"));
    setTaskSourceRef(database.db, other.id, sourceRefOf("taskmaster:master_%", "1"));
    setTaskSourceRef(database.db, elsewhere.id, sourceRefOf("taskmaster:master", "1"));
    const found = findTaskIdsOfSource(database.db, web.id, "taskmaster:master");
    expect([...found.entries()]).toEqual([
      ["1", one.id],
      ["1.2", two.id],
    ]);
  });

  it("refuses a second task or spec with the same reference in one project", () => {
    const web = seedProject(database, "WEB");
    const one = seedTask(database, web, "one");
    const two = seedTask(database, web, "two");
    setTaskSourceRef(database.db, one.id, "json:WEB#WEB-1");
    expect(() => setTaskSourceRef(database.db, two.id, "json:WEB#WEB-1")).toThrow(/UNIQUE/);
    const spec = (slug: string) =>
      insertSpec(database.db, { projectId: web.id, slug, name: slug, request: "", requiredApprovals: 1 });
    const [a, b] = [spec("a"), spec("b")];
    setSpecSourceRef(database.db, a.id, "kiro#login");
    expect(() => setSpecSourceRef(database.db, b.id, "kiro#login")).toThrow(/UNIQUE/);
    expect(findSpecIdsOfSource(database.db, web.id, "kiro").get("login")).toBe(a.id);
  });
});
