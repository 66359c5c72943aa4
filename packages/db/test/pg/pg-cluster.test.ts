import { existsSync } from "node:fs";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { INSTALL_POSTGRES, findPgBinDir } from "../../src/testing/pg-binaries";
import { startPgCluster } from "../../src/testing/pg-cluster";

describe("throw-away PostgreSQL cluster", () => {
  it("starts on a free port with its own role and database, and is gone after stop", { timeout: 120_000 }, async () => {
    const cluster = await startPgCluster();
    try {
      expect(cluster.port).toBeGreaterThan(0);
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      const { rows } = await client.query<{ user: string; db: string; superuser: string }>(
        "SELECT current_user AS user, current_database() AS db, current_setting('is_superuser') AS superuser",
      );
      await client.end();
      expect(rows[0]).toEqual({ user: "maestro", db: "maestro", superuser: "off" });

      const otherUrl = await cluster.createDatabase("other_db");
      const other = new pg.Client({ connectionString: otherUrl });
      await other.connect();
      await other.query("CREATE TABLE t (id int)");
      await other.end();
    } finally {
      await cluster.stop();
    }
    expect(existsSync(cluster.dataDir)).toBe(false);
    const client = new pg.Client({ connectionString: cluster.url, connectionTimeoutMillis: 2000 });
    await expect(client.connect()).rejects.toThrow();
  });

  it("two clusters run side by side on different ports", { timeout: 120_000 }, async () => {
    const [a, b] = await Promise.all([startPgCluster(), startPgCluster()]);
    try {
      expect(a.port).not.toBe(b.port);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it("fails, saying how to install PostgreSQL, when its programs are missing", async () => {
    await expect(startPgCluster({ binDir: "/nonexistent/bin" })).rejects.toThrow(INSTALL_POSTGRES);
    expect(INSTALL_POSTGRES).toMatch(/apt-get install -y postgresql/);
    expect(existsSync(`${findPgBinDir()}/initdb`)).toBe(true);
  });
});
