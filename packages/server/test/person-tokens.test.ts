import { type Store, findTokenById, insertToken, revokeToken } from "@maestro/db";
import { afterEach, describe, expect, it, vi } from "vitest";
import { hashToken } from "../src/context";
import { LAST_USED_EVERY_MS, PersonTokens } from "../src/person-tokens";
import { openTestStore } from "./engine";

let database: Store | undefined;
afterEach(async () => await database?.close());

const SECRET = "mst_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
const tick = () => new Promise((resolve) => setImmediate(resolve));

async function world() {
  database = await openTestStore();
  await database.transaction((tx) =>
    insertToken(tx, { id: "t1", name: "ann", role: "member", secretHash: hashToken(SECRET) }),
  );
  let now = Date.parse("2026-12-05T10:00:00Z");
  const people = new PersonTokens(database, () => now);
  const lastUsed = async () => (await findTokenById(database!.db, "t1"))?.lastUsedAt;
  return { people, lastUsed, advance: (ms: number) => (now += ms) };
}

describe("PersonTokens", () => {
  it("writes last_used_at at most once a minute per token, not once per request", async () => {
    const { people, lastUsed, advance } = await world();
    expect(await people.bySecret(SECRET)).toEqual({ kind: "person", tokenId: "t1", name: "ann", role: "member" });
    // The write joins the next group commit (SQLite) or a transaction of its own (PostgreSQL).
    await vi.waitFor(async () => expect(await lastUsed()).toBe("2026-12-05T10:00:00.000Z"));
    advance(LAST_USED_EVERY_MS - 1);
    for (let i = 0; i < 50; i++) await people.bySecret(SECRET);
    await tick();
    expect(await lastUsed()).toBe("2026-12-05T10:00:00.000Z");
    advance(1);
    await people.byId("t1");
    await vi.waitFor(async () => expect(await lastUsed()).toBe("2026-12-05T10:01:00.000Z"));
  });

  it("knows no secret without the prefix, a wrong one, or a revoked token", async () => {
    const { people } = await world();
    expect(await people.bySecret(SECRET.slice(4))).toBeUndefined();
    expect(await people.bySecret(`${SECRET}x`)).toBeUndefined();
    await database!.transaction((tx) => revokeToken(tx, "t1"));
    expect(await people.bySecret(SECRET)).toBeUndefined();
    expect(await people.byId("t1")).toBeUndefined();
  });

  it("closes every connection of a revoked token, and forgets one that closed", async () => {
    const { people } = await world();
    const closed: string[] = [];
    const open = new AbortController();
    const gone = new AbortController();
    people.watch("t1", open.signal, () => closed.push("open"));
    people.watch("t1", gone.signal, () => closed.push("gone"));
    people.watch("t2", new AbortController().signal, () => closed.push("other"));
    gone.abort();
    people.revoked("t1");
    expect(closed).toEqual(["open"]);
  });
});
