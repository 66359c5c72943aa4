import { DomainError } from "@maestro/domain";
import { getTableConfig } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as pgSchema from "../../src/schema-pg/index";
import { INTERNAL_UNIQUE_KEYS, USER_UNIQUE_KEYS } from "../../src/store/unique-keys";
import type { StoreQueries } from "../../src/store/store";
import { ENGINES, useStores } from "./engines";
import { insertProject } from "./rows";

const stores = useStores();
const NOW = new Date("2026-12-05T10:00:00.000Z");

/** One write per user-facing key: run twice, the second hits the key. */
const DUPLICATES: Record<string, (tx: StoreQueries) => Promise<unknown>> = {
  projects_key_unique: (tx) =>
    tx.run(sql`INSERT INTO projects (id, key, name, root_dir, settings, created_at, updated_at)
      VALUES (${`id-${Math.random()}`}, ${"WEB"}, ${"Web"}, ${"/tmp"}, ${"{}"}, ${NOW}, ${NOW})`),
  agent_profiles_pkey: (tx) =>
    tx.run(sql`INSERT INTO agent_profiles (name, adapter, args, env_allowlist, skills, persona, created_at, updated_at)
      VALUES (${"scripted"}, ${"custom"}, ${"[]"}, ${"[]"}, ${"[]"}, ${"worker"}, ${NOW}, ${NOW})`),
  tokens_live_name_idx: (tx) =>
    tx.run(sql`INSERT INTO tokens (id, name, role, secret_hash, created_at)
      VALUES (${`id-${Math.random()}`}, ${"Ada"}, ${"member"}, ${`hash-${Math.random()}`}, ${NOW})`),
  specs_project_slug_unique: (tx) =>
    tx.run(sql`INSERT INTO specs (id, project_id, slug, name, phase, status, created_at, updated_at)
      VALUES (${`id-${Math.random()}`}, ${"web"}, ${"login"}, ${"Login"}, ${"requirements"}, ${"active"}, ${NOW}, ${NOW})`),
};

describe.each(ENGINES)("unique keys a caller can hit (%s)", (engine) => {
  it.each(Object.keys(DUPLICATES))("%s: the second write is ALREADY_EXISTS naming the field", async (name) => {
    const store = await stores.open(engine);
    const key = USER_UNIQUE_KEYS.find((candidate) => candidate.pg === name)!;
    await store.transaction(async (tx) => {
      if (name !== "projects_key_unique") await insertProject(tx, "web");
      await DUPLICATES[name]!(tx);
    });
    const error = await store.transaction((tx) => DUPLICATES[name]!(tx)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "ALREADY_EXISTS", details: { field: key.field } });
    // In a savepoint too: the caller's transaction carries on and commits the rest.
    await store.transaction(async (tx) => {
      const inner = await tx.savepoint((sp) => DUPLICATES[name]!(sp)).catch((caught: unknown) => caught);
      expect(inner).toMatchObject({ code: "ALREADY_EXISTS", details: { field: key.field } });
      await insertProject(tx, "after");
    });
    expect(await store.db.get(sql`SELECT id FROM projects WHERE id = ${"after"}`)).toEqual({ id: "after" });
  });

  it("a unique key no caller names stays an internal error", async () => {
    const store = await stores.open(engine);
    const write = (tx: StoreQueries) =>
      tx.run(sql`INSERT INTO tokens (id, name, role, secret_hash, created_at)
        VALUES (${`id-${Math.random()}`}, ${`n-${Math.random()}`}, ${"member"}, ${"same-hash"}, ${NOW})`);
    await store.transaction(write);
    const error = await store.transaction(write).catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(DomainError);
  });

  it("a unique violation is not run again (PostgreSQL retries only deadlocks and serialization failures)", async () => {
    const store = await stores.open(engine);
    await store.transaction((tx) => DUPLICATES.projects_key_unique!(tx));
    let attempts = 0;
    const error = await store
      .transaction(async (tx) => {
        attempts++;
        await DUPLICATES.projects_key_unique!(tx);
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "ALREADY_EXISTS" });
    expect(attempts).toBe(1);
  });
});

describe("every unique key of the schema is classified", () => {
  it("as one a caller can hit (with its field) or one only the server allocates", () => {
    const keys: string[] = [];
    for (const table of Object.values(pgSchema)) {
      if (typeof table !== "object" || table === null || !("getSQL" in table)) continue;
      const config = getTableConfig(table as Parameters<typeof getTableConfig>[0]);
      for (const index of config.indexes) if (index.config.unique) keys.push(index.config.name ?? "");
      for (const unique of config.uniqueConstraints) keys.push(unique.getName() ?? "");
      for (const column of config.columns) if (column.isUnique) keys.push(column.uniqueName ?? "");
    }
    const classified = [...USER_UNIQUE_KEYS.map((key) => key.pg), ...INTERNAL_UNIQUE_KEYS];
    expect(keys.filter((key) => !classified.includes(key))).toEqual([]);
    // And no entry names a key the schema lost (a primary key is not among the indexes read above).
    const pks = ["agent_profiles_pkey"];
    expect(classified.filter((key) => !keys.includes(key) && !pks.includes(key))).toEqual([]);
  });
});
