import { afterEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../src/store/sqlite-store";
import type { Store } from "../src/store/store";
import {
  findLiveTokenByHash,
  findLiveTokenByName,
  insertToken,
  listTokens,
  revokeToken,
  touchTokenLastUsed,
} from "../src/repositories/token-repository";

let database: Store | undefined;
afterEach(async () => await database?.close());

function open(): Store {
  database = openSqliteStore({ path: ":memory:" });
  return database;
}

describe("token repository", () => {
  it("finds a live token by its hash and by its name whatever the case", async () => {
    const { db } = open();
    await insertToken(db, { id: "t1", name: "Ann", role: "member", secretHash: "h1" });
    expect(await findLiveTokenByHash(db, "h1")).toMatchObject({
      id: "t1",
      name: "Ann",
      role: "member",
      revokedAt: null,
    });
    expect((await findLiveTokenByName(db, "aNN"))?.id).toBe("t1");
    expect(await findLiveTokenByHash(db, "h2")).toBeNull();
  });

  it("refuses a second live token of the same name in another case, and allows it after revoking", async () => {
    const { db } = open();
    await insertToken(db, { id: "t1", name: "ann", role: "member", secretHash: "h1" });
    await expect(insertToken(db, { id: "t2", name: "ANN", role: "viewer", secretHash: "h2" })).rejects.toThrow(
      /UNIQUE/,
    );
    expect((await revokeToken(db, "t1"))?.revokedAt).not.toBeNull();
    expect(await findLiveTokenByHash(db, "h1")).toBeNull();
    await insertToken(db, { id: "t2", name: "ANN", role: "viewer", secretHash: "h2" });
    expect((await listTokens(db)).map((token) => token.id)).toEqual(["t1", "t2"]);
  });

  it("records when a token was last used", async () => {
    const { db } = open();
    await insertToken(db, { id: "t1", name: "ann", role: "admin", secretHash: "h1" });
    await touchTokenLastUsed(db, "t1", new Date("2026-12-05T10:00:00Z"));
    expect((await listTokens(db))[0]?.lastUsedAt).toBe("2026-12-05T10:00:00.000Z");
  });
});
