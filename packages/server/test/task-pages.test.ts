import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type World, expectTrpcError, makeWorld } from "./helpers";

let world: World;
beforeEach(async () => {
  world = await makeWorld();
});
afterEach(async () => await world.close());

async function seedTasks(count: number) {
  await world.caller.project.create({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
  for (let i = 0; i < count; i++) await world.caller.task.create({ projectId: "WEB", title: `T${i + 1}` });
}

describe("task.list pages", () => {
  it("answers { items, nextCursor }: 100 by default, the board's order, following cursors to the end", async () => {
    await seedTasks(130);
    await world.caller.task.move({ id: "WEB-130", beforeId: "WEB-1" });
    const first = await world.caller.task.list({ projectId: "WEB" });
    expect(first.items).toHaveLength(100);
    expect(first.items[0]!.key).toBe("WEB-130");
    expect(first.nextCursor).toMatch(/^[\d.e+-]+:\d+$/);
    const second = await world.caller.task.list({ projectId: "WEB", cursor: first.nextCursor });
    expect(second.nextCursor).toBeNull();
    const listed = [...first.items, ...second.items].map((task) => task.title);
    expect(listed).toEqual(["T130", ...Array.from({ length: 129 }, (_, i) => `T${i + 1}`)]);
    const small = await world.caller.task.list({ projectId: "WEB", status: ["todo"], limit: 129 });
    expect([small.items.length, small.nextCursor]).toEqual([129, expect.any(String)]);
  });

  it("refuses a limit out of range and a cursor it did not give, naming the field", async () => {
    await seedTasks(1);
    const list = (input: object) => world.caller.task.list({ projectId: "WEB", ...input });
    await expectTrpcError(list({ limit: 501 }), "BAD_REQUEST", /limit: must be at most 500 \(follow nextCursor/);
    await expectTrpcError(list({ limit: 0 }), "BAD_REQUEST", /limit:/);
    await expectTrpcError(list({ limit: 2.5 }), "BAD_REQUEST", /limit:/);
    for (const cursor of ["nope", "1:WEB-1", "Infinity:1", "1:", ":1", "1.5:2:3", "x".repeat(101)]) {
      await expectTrpcError(list({ cursor }), "BAD_REQUEST", /cursor: must be the nextCursor of a previous page/);
    }
  });
});
