import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertSignInCode, redeemSignInCode } from "../../src/repositories/sign-in-code-repository";
import type { Store } from "../../src/store/store";
import { ENGINES, useStores } from "./engines";

const stores = useStores();
const TTL = 600_000;
const T0 = new Date("2026-12-05T12:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

function issue(store: Store, codeHash: string, now: Date, maxOutstanding = 20): Promise<void> {
  return store.transaction((tx) =>
    insertSignInCode(tx, { codeHash, expiresAt: new Date(now.getTime() + TTL), maxOutstanding }, now),
  );
}

function redeem(store: Store, codeHash: string, now: Date) {
  return store.transaction((tx) => redeemSignInCode(tx, codeHash, now));
}

describe.each(ENGINES)("sign-in codes on %s", (engine) => {
  it("are good once, until they expire", async () => {
    const store = await stores.open(engine);
    await issue(store, "a", at(0));
    await issue(store, "b", at(0));
    expect(await redeem(store, "a", at(TTL - 1))).toBe("ok");
    expect(await redeem(store, "a", at(TTL - 1))).toBe("used");
    expect(await redeem(store, "b", at(TTL))).toBe("expired");
    expect(await redeem(store, "nope", at(0))).toBe("unknown");
  });

  it("are bounded: past the cap the oldest unused one stops working, and expired ones are dropped", async () => {
    const store = await stores.open(engine);
    for (const [i, hash] of ["a", "b", "c", "d"].entries()) await issue(store, hash, at(i), 3);
    expect(await redeem(store, "a", at(10))).toBe("unknown");
    expect(await redeem(store, "b", at(10))).toBe("ok");
    await issue(store, "e", at(TTL + 10), 3);
    const left = await store.db.all<{ code_hash: string }>(sql`SELECT code_hash FROM sign_in_codes ORDER BY code_hash`);
    expect(left.map((row) => row.code_hash)).toEqual(["e"]);
  });

  it("concurrent redemptions of one code: exactly one is ok", async () => {
    const store = await stores.open(engine, { maxConnections: 8 });
    await issue(store, "a", at(0));
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => redeem(store, "a", at(1))));
    expect(outcomes.filter((outcome) => outcome === "ok")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === "used")).toHaveLength(7);
  });
});
