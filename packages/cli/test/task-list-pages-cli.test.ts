import { describe, expect, it } from "vitest";
import { createMaestroClient } from "../src/client";
import { useCliServer } from "./cli-server";

const cli = useCliServer("maestro-cli-task-pages-");

const maestro = (...argv: string[]) => cli.run(argv, "home");

describe("maestro task list past one page", () => {
  it("prints every task (table and --json, one array in board order), filtered too; --limit the first N", async () => {
    const client = createMaestroClient({ url: cli.server.url, token: cli.server.token });
    await client.project.create.mutate({ name: "Big", rootDir: "/tmp/big", key: "BIG" });
    const count = 520;
    for (let i = 0; i < count; i += 40) {
      const batch = Array.from({ length: Math.min(40, count - i) }, (_, j) => i + j + 1);
      // One at a time within a batch would take long; numbers (and ranks) follow creation either way.
      await Promise.all(batch.map((n) => client.task.create.mutate({ projectId: "BIG", title: `t${n}` })));
    }
    const dependent = await client.task.create.mutate({ projectId: "BIG", title: "last", dependsOn: ["BIG-1"] });
    await client.task.update.mutate({ id: dependent.id, status: "blocked" });

    const listed = await maestro("task", "list", "--project", "BIG", "--json");
    expect(listed.code).toBe(0);
    const tasks = JSON.parse(listed.stdout) as Array<{ key: string; rank: number }>;
    expect(tasks).toHaveLength(count + 1);
    expect(new Set(tasks.map((task) => task.key)).size).toBe(count + 1);
    expect(tasks.map((task) => task.rank)).toEqual(tasks.map((task) => task.rank).sort((a, b) => a - b));

    const table = await maestro("task", "list", "--project", "BIG");
    expect(table.code).toBe(0);
    const rows = table.stdout.trim().split("\n");
    expect(rows).toHaveLength(1 + count + 1);
    expect(rows.at(-1)).toMatch(/^BIG-521\s+blocked\s+.*last\s+—\s+BIG-1\s*$/);

    // Filtered: the dependency's key is looked up, though BIG-1 is not listed.
    const blocked = await maestro("task", "list", "--project", "BIG", "--status", "blocked");
    expect(blocked.stdout).toMatch(/BIG-521.*BIG-1/);
    const first = JSON.parse((await maestro("task", "list", "--project", "BIG", "--json", "--limit", "3")).stdout);
    expect(first).toEqual(tasks.slice(0, 3));
  }, 60_000);
});
