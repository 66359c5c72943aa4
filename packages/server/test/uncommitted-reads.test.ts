import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findTaskById } from "@maestro/db";
import { CreateTaskInput } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTask } from "../src/services/task/create-task";
import { grouped } from "../src/services/group-commit";
import { inTransaction } from "../src/services/unit-of-work";
import { type World, makeWorld } from "./helpers";

let world: World;
let dir: string;
beforeEach(async () => {
  world = await makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-uncommitted-"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

const input = (title: string) => CreateTaskInput.parse({ projectId: "WEB", title });
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const titles = async () => (await world.caller.task.list({ projectId: "WEB" })).items.map((task) => task.title);

describe("regression: a read outside a transaction showed another request's uncommitted rows", () => {
  it("never shows the rows of a unit of work that is still open and then rolls back", async () => {
    let ghostId = "";
    const writer = inTransaction(world.ctx, async () => {
      ghostId = (await createTask({ ctx: world.ctx, input: input("ghost") })).id;
      await tick();
      await createTask({ ctx: world.ctx, input: input("ghost 2") });
      await tick();
      throw new Error("a later check failed");
    }).then(
      () => "committed",
      (error: unknown) => (error as Error).message,
    );
    const seen: string[][] = [];
    for (let i = 0; i < 4; i++) {
      seen.push(await titles());
      if (ghostId) expect(await findTaskById(world.database.db, ghostId)).toBeUndefined();
      await tick();
    }
    expect(await writer).toBe("a later check failed");
    expect(ghostId).not.toBe("");
    expect(seen).toEqual([[], [], [], []]);
    expect(await titles()).toEqual([]);
  });

  it("answers a grouped write with what it wrote, and shows it to others once committed", async () => {
    const create = grouped(createTask);
    const [first, second] = await Promise.all([
      create({ ctx: world.ctx, input: input("one") }),
      create({ ctx: world.ctx, input: input("two") }),
    ]);
    expect([first.title, second.title]).toEqual(["one", "two"]);
    expect((await world.caller.task.byId({ id: second.id })).title).toBe("two");
    expect((await titles()).sort()).toEqual(["one", "two"]);
  });
});
