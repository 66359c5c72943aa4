import { BUILT_IN_AGENTS } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { createMaestroClient } from "../src/client";
import { useCliServer } from "./cli-server";

const cli = useCliServer("maestro-cli-pages-");

const maestro = (...argv: string[]) => cli.run(argv, "home");

// 520 writes and four CLI processes: more than vitest's 5 s default on a busy machine.
describe("maestro agent list past one page", () => {
  it(
    "prints every profile, --json a flat array in name order, following pages past 500; --limit the first N",
    { timeout: 60_000 },
    async () => {
      const client = createMaestroClient({ url: cli.server.url, token: cli.server.token });
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
      expect(await maestro("agent", "list", "--limit", "0")).toMatchObject({ code: 2, stdout: "" });
    },
  );
});
