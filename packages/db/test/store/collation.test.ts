import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { openPgStore } from "../../src/store/pg-store";

/** A database of the run's cluster created with `options` (CREATE DATABASE … TEMPLATE template0). */
async function databaseWith(name: string, options: string): Promise<string> {
  const { adminUrl, url } = inject("maestroPg");
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const owner = new URL(url).username;
    await admin.query(`CREATE DATABASE ${name} OWNER ${owner} TEMPLATE template0 ${options}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

describe("a PostgreSQL database's collation", () => {
  it("is refused when it follows a language (ICU), naming what to create instead", async () => {
    const url = await databaseWith("collation_icu", "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'");
    await expect(openPgStore({ url })).rejects.toThrow(/collation is "ICU".*LC_COLLATE 'C'/);
  });

  it("is accepted as C.UTF-8, which orders by code point as SQLite does", async () => {
    const url = await databaseWith("collation_c_utf8", "LOCALE 'C.UTF-8' ENCODING 'UTF8'");
    const store = await openPgStore({ url });
    await store.close();
  });
});
