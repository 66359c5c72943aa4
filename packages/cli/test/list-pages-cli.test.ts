import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUILT_IN_AGENTS } from "@maestro/domain";
import { type RunningServer, startServer } from "@maestro/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMaestroClient } from "../src/client";
import type { Io } from "../src/output";
import { runCli } from "../src/program";

let server: RunningServer;
let home: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "maestro-cli-pages-"));
  server = await startServer({ home, host: "127.0.0.1", port: 0, log: () => {} });
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

async function maestro(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  const code = await runCli(argv, io, { MAESTRO_URL: server.url, MAESTRO_HOME: home });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe("maestro agent list past one page", () => {
  it("prints every profile, --json a flat array in name order, following pages past 500; --limit the first N", async () => {
    const client = createMaestroClient({ url: server.url, token: server.token });
    const stored = Array.from({ length: 520 }, (_, i) => `bulk-${String(i).padStart(3, "0")}`);
    for (let i = 0; i < stored.length; i += 40) {
      const batch = stored.slice(i, i + 40);
      await Promise.all(
        batch.map((name) => client.agent.add.mutate({ name, adapter: "custom", command: ["/bin/true"] })),
      );
    }
    const listed = await maestro("agent", "list", "--json");
    expect(listed.code).toBe(0);
    const names = (JSON.parse(listed.stdout) as Array<{ name: string }>).map((agent) => agent.name);
    expect(names).toHaveLength(520 + BUILT_IN_AGENTS.length);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...names].sort());

    const first = JSON.parse((await maestro("agent", "list", "--json", "--limit", "3")).stdout) as unknown[];
    expect(first).toEqual((JSON.parse(listed.stdout) as unknown[]).slice(0, 3));
    expect((await maestro("agent", "list", "--limit", "0")).stderr).toMatch(/--limit: must be at least 1/);
  });
});
