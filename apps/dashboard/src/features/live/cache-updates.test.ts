import { describe, expect, it } from "vitest";
import { makeProject, makeTask } from "../../test/fixtures";
import { newerTask, removeProject, upsertProject } from "./cache-updates";

describe("newerTask", () => {
  it("keeps the higher version", () => {
    const v2 = makeTask({ version: 2 });
    expect(newerTask(v2, { ...v2, version: 1 })).toBe(v2);
    const v3 = { ...v2, version: 3 };
    expect(newerTask(v2, v3)).toBe(v3);
    expect(newerTask(undefined, v2)).toBe(v2);
  });
});

describe("projects", () => {
  it("upserts and removes", () => {
    const web = makeProject();
    const api = makeProject({ id: "p2", key: "API", name: "Api" });
    const renamed = { ...web, name: "Website" };
    const page = (items: (typeof web)[]) => ({ items, nextCursor: null });
    expect(upsertProject(page([web]), api)).toEqual(page([web, api]));
    expect(upsertProject(page([web, api]), renamed)).toEqual(page([renamed, api]));
    expect(removeProject(page([web, api]), web.id)).toEqual(page([api]));
    expect(upsertProject(undefined, web)).toBeUndefined();
  });
});
