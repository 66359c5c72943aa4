import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
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

const CLUSTER_MODULE = pathToFileURL(fileURLToPath(new URL("../../src/testing/pg-cluster.ts", import.meta.url))).href;

/** A process that starts a cluster, says where, then dies as `ending` says. */
async function clusterOfDyingProcess(ending: "throw" | "kill -9"): Promise<{ dataDir: string; port: number }> {
  const script = `
    const { startPgCluster } = await import(${JSON.stringify(CLUSTER_MODULE)});
    const cluster = await startPgCluster();
    console.log(JSON.stringify({ dataDir: cluster.dataDir, port: cluster.port }));
    ${ending === "throw" ? 'setTimeout(() => { throw new Error("the run failed"); }, 10);' : "setInterval(() => {}, 1000);"}
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0]!);
    });
    child.once("exit", (code) => reject(new Error(`the process ended (${code}) before its cluster started`)));
  });
  if (ending === "kill -9") child.kill("SIGKILL");
  await exited;
  return JSON.parse(line) as { dataDir: string; port: number };
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

describe("a cluster whose run dies", () => {
  it("is stopped and removed when the run fails with an uncaught error", { timeout: 120_000 }, async () => {
    const { dataDir, port } = await clusterOfDyingProcess("throw");
    expect(existsSync(dataDir)).toBe(false);
    expect(await isListening(port)).toBe(false);
  });

  it("is stopped and removed by the next run after a kill -9", { timeout: 120_000 }, async () => {
    const { dataDir, port } = await clusterOfDyingProcess("kill -9");
    expect(existsSync(dataDir)).toBe(true);
    const next = await startPgCluster();
    await next.stop();
    expect(existsSync(dataDir)).toBe(false);
    expect(await isListening(port)).toBe(false);
  });
});
