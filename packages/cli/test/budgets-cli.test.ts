import { describe, expect, it } from "vitest";
import { createMaestroClient } from "../src/client";
import { useCliServer } from "./cli-server";

const cli = useCliServer("maestro-cli-budget-");

async function maestro(...argv: string[]) {
  const { code, output } = await cli.run(argv, "token");
  expect(code, output).toBe(0);
  return output;
}

/** A running session whose stand-in runner reports what the agent spent. */
async function spend(taskKey: string, costUsd: number) {
  const id = JSON.parse(await maestro("task", "run", taskKey, "--agent", "paid", "--json")).id as string;
  const client = createMaestroClient({ url: cli.server.url, token: cli.server.runnerToken });
  const claim = (await client.runner.claim.mutate({ runnerId: "r-budget" }))!;
  const held = { sessionId: id, lease: claim.lease };
  await client.runner.started.mutate({ ...held, pid: process.pid, cwd: cli.home, worktreePath: null, branch: null });
  const usage = { type: "usage" as const, costUsd, tokensIn: 1_000, tokensOut: 200, agentSessionId: null };
  await client.runner.log.mutate({ ...held, chunks: [], events: [usage] });
  await client.runner.finish.mutate({ ...held, exitCode: 0, signal: null, error: null });
}

describe("budgets in the CLI", () => {
  it("sets, shows, enforces and clears budgets on projects and tasks", async () => {
    await maestro("project", "create", "Bud", "--dir", cli.home, "--key", "BUD", "--budget-usd", "5");
    await maestro("agent", "add", "paid", "--adapter", "custom", "--command", "/bin/true");
    await maestro("task", "create", "Parent", "--project", "BUD", "--budget-usd", "1");
    await maestro("task", "create", "Child", "--parent", "BUD-1", "--budget-tokens", "100000");
    await spend("BUD-2", 1.2);

    expect(await maestro("project", "show", "BUD")).toMatch(/spend\s+spent \$1\.20 of \$5\.00\n/);
    expect(await maestro("task", "show", "BUD-1")).toMatch(/spend\s+spent \$1\.20 of \$1\.00\n/);
    expect(await maestro("task", "show", "BUD-2")).toMatch(
      /spend\s+spent 1,200 tokens of 100,000 tokens; budget reached: \$1\.20 of \$1\.00 \(task BUD-1\)\n/,
    );
    const refused = await cli.run(["task", "run", "BUD-2", "--agent", "paid"], "token");
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/BUD-2 is over budget: budget reached: \$1\.20 of \$1\.00 \(task BUD-1\)/);

    await maestro("autopilot", "start", "BUD");
    await maestro("project", "update", "BUD", "--budget-usd", "1.10");
    expect(await maestro("autopilot", "status", "BUD")).toMatch(
      /autopilot\s+paused \(budget reached: \$1\.20 of \$1\.10\)/,
    );
    await maestro("project", "update", "BUD", "--budget-usd", "5");
    expect(await maestro("autopilot", "status", "BUD")).toMatch(/autopilot\s+on\n/);

    await maestro("task", "update", "BUD-1", "--budget-usd", "none");
    expect(await maestro("task", "show", "BUD-1")).toMatch(/spend\s+spent \$1\.20, 1,200 tokens \(no budget\)/);
    expect(JSON.parse(await maestro("task", "show", "BUD-1", "--json"))).toMatchObject({ budgetUsd: null });
    await maestro("project", "update", "BUD", "--budget-usd", "none", "--budget-tokens", "50000");
    expect(JSON.parse(await maestro("project", "show", "BUD", "--json")).settings).toMatchObject({
      budgetUsd: null,
      budgetTokens: 50_000,
    });
  });

  it.each([
    ["project", "update", "P"],
    ["task", "create", "t", "--project", "P"],
    ["task", "update", "P-1"],
  ])("refuses a bad budget naming the flag (%s %s)", async (...command) => {
    for (const [flag, value, message] of [
      ["--budget-usd", "-1", "must be more than 0"],
      ["--budget-usd", "lots", "must be a number, or none"],
      ["--budget-usd", "2000000", "must be at most 1000000"],
      ["--budget-tokens", "1.5", "must be a whole number of tokens"],
    ] as const) {
      const result = await cli.run([...command, flag, value], "token");
      expect(result.code).toBe(2);
      expect(result.output).toMatch(new RegExp(`option '${flag} <[a-z]+>' argument '${value}' is invalid`));
      expect(result.output).toContain(message);
    }
  });
});
