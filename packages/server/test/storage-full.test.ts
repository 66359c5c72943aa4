import { DomainError } from "@maestro/domain";
import { afterEach, describe, expect, it } from "vitest";
import { type World, expectTrpcError, makeWorld, snapshot, sqliteDb } from "./helpers";

// R1d (found by the chaos suite): a write on a full disk was answered "internal error". SQLite's
// SQLITE_FULL is the same whether the disk or max_page_count ran out, so a page cap stands in.

let world: World;

afterEach(async () => await world.close());

/**
 * Sets a pragma of the writer's connection (`max_page_count` is per connection): outside a
 * transaction `sqliteDb` is the reader's connection, inside one of the store's own the writer's.
 */
async function setWriterPragma(pragma: string): Promise<void> {
  await world.database.transaction(async () => void sqliteDb(world.database).run(`PRAGMA ${pragma}`));
}

async function capPagesAtCurrentSize(): Promise<void> {
  const { page_count: pages } = sqliteDb(world.database).get<{ page_count: number }>("PRAGMA page_count");
  await setWriterPragma(`max_page_count = ${pages}`);
}

describe("a write when the database has no room left", () => {
  it("is refused as STORAGE_FULL (503) saying the disk is full, writes nothing, and works once there is room", async () => {
    world = await makeWorld();
    const project = await world.caller.project.create({ name: "Full", rootDir: "/tmp", key: "FU" });
    await capPagesAtCurrentSize();
    const before = await snapshot(world);

    const error = await expectTrpcError(
      world.caller.task.create({ projectId: project.id, title: "Too big", description: "x".repeat(20_000) }),
      "SERVICE_UNAVAILABLE",
      /the disk holding Maestro's database is full: nothing was saved/,
    );
    expect(error.cause).toBeInstanceOf(DomainError);
    expect((error.cause as DomainError).code).toBe("STORAGE_FULL");
    expect(await snapshot(world)).toBe(before);

    await setWriterPragma("max_page_count = 1073741823");
    const task = await world.caller.task.create({
      projectId: project.id,
      title: "Fits now",
      description: "x".repeat(20_000),
    });
    expect(task.title).toBe("Fits now");
  });
});
