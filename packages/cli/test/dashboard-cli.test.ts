import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningServer, startServer } from "@maestro/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Io } from "../src/output";
import { runCli } from "../src/program";

const TOKEN = "owner-token-0123456789abcdef";
let home: string;
let server: RunningServer;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "maestro-dashboard-cli-"));
  server = await startServer({ home, host: "127.0.0.1", port: 0, token: TOKEN, log: () => {} });
});

afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

async function cli(argv: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  const code = await runCli(argv, io, { MAESTRO_URL: server.url, ...env });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function signIn(code: string) {
  return fetch(`${server.url}/auth/signin`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code }),
  });
}

describe("maestro dashboard", () => {
  it("prints a fresh one-time link that signs a browser in once", async () => {
    const { code, out } = await cli(["dashboard", "--json"], { MAESTRO_TOKEN: TOKEN });
    expect(code).toBe(0);
    const link = JSON.parse(out) as { url: string; expiresAt: string };
    expect(link.url).toMatch(new RegExp(`^${server.url}/signin#code=`));
    const signInCode = new URL(link.url).hash.slice("#code=".length);
    expect((await signIn(signInCode)).status).toBe(204);
    expect((await signIn(signInCode)).status).toBe(401);
  });

  it("says how to use the link in human output", async () => {
    const { code, out } = await cli(["dashboard"], { MAESTRO_TOKEN: TOKEN });
    expect(code).toBe(0);
    expect(out).toMatch(/works once, for 10 minutes/);
    expect(out).toContain(`${server.url}/signin#code=`);
  });

  it("is refused without the owner token", async () => {
    const { code, err } = await cli(["dashboard"], { MAESTRO_TOKEN: "wrong-token-0123456789abc" });
    expect(code).toBe(1);
    expect(err).toMatch(/token/i);
  });
});
