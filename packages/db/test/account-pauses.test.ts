import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Store, liftAccountPause, listAccountPauses, openSqliteStore, pauseAccount } from "../src/index";

let database: Store;
beforeEach(() => {
  database = openSqliteStore({ path: ":memory:" });
});
afterEach(async () => await database.close());

describe("account pauses", () => {
  it("keeps the later of two pauses, with the reason that goes with it", async () => {
    const db = database.db;
    const later = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const sooner = new Date(Date.now() + 600_000).toISOString();
    await pauseAccount(db, { account: "team", until: later, reason: "hit by session a (capped at 7 days)" });
    const kept = await pauseAccount(db, { account: "team", until: sooner, reason: "hit by session b" });
    expect(kept).toEqual({ account: "team", until: later, reason: "hit by session a (capped at 7 days)" });
    expect(await listAccountPauses(db)).toEqual([kept]);

    const latest = new Date(Date.now() + 8 * 86_400_000).toISOString();
    expect(await pauseAccount(db, { account: "team", until: latest, reason: "hit by session c" })).toEqual({
      account: "team",
      until: latest,
      reason: "hit by session c",
    });
  });

  it("lifts one account's pause and returns it; nothing to lift is undefined", async () => {
    const db = database.db;
    const until = new Date(Date.now() + 86_400_000).toISOString();
    const team = await pauseAccount(db, { account: "team", until, reason: "hit" });
    const other = await pauseAccount(db, { account: "other", until, reason: "hit" });
    expect(await liftAccountPause(db, "team")).toEqual(team);
    expect(await listAccountPauses(db)).toEqual([other]);
    expect(await liftAccountPause(db, "team")).toBeUndefined();
  });
});
