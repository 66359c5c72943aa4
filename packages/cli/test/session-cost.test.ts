import { describe, expect, it } from "vitest";
import { createMaestroClient } from "../src/client";
import { useCliServer } from "./cli-server";

const cli = useCliServer("maestro-cli-cost-");

/** Runs the CLI expecting success, and returns all it printed (stdout and stderr). */
async function maestro(...argv: string[]) {
  const { code, output } = await cli.run(argv, "token");
  expect(code).toBe(0);
  return output;
}

/** A session whose stand-in runner reports the agent's usage, as the real runner would. */
async function sessionWithUsage(agent: string, costUsd: number | null) {
  const id = JSON.parse(await maestro("task", "run", "COST-1", "--agent", agent, "--json")).id as string;
  const client = createMaestroClient({ url: cli.server.url, token: cli.server.runnerToken });
  const claim = (await client.runner.claim.mutate({ runnerId: "r-cost" }))!;
  const held = { sessionId: id, lease: claim.lease };
  await client.runner.started.mutate({ ...held, pid: process.pid, cwd: cli.home, worktreePath: null, branch: null });
  const usage = { type: "usage" as const, costUsd, tokensIn: 100_000, tokensOut: 2_000, agentSessionId: null };
  await client.runner.log.mutate({ ...held, chunks: [], events: [usage] });
  await client.runner.finish.mutate({ ...held, exitCode: 0, signal: null, error: null });
  return id;
}

describe("a session's cost in the CLI", () => {
  it("says when the cost is an estimate, in show, list and --json", async () => {
    await maestro("project", "create", "Cost", "--dir", cli.home, "--key", "COST");
    await maestro("task", "create", "Spend", "--project", "COST");
    // Tokens only, on gpt-5: 100k in × $1.25 + 2k out × $10 per million.
    await maestro("agent", "add", "gpt", "--adapter", "codex", "--model", "gpt-5", "--command", "/bin/true");
    const estimated = await sessionWithUsage("gpt", null);
    expect(await maestro("session", "show", estimated)).toMatch(
      /cost\s+≈ \$0\.1450 \(estimate\) \(100000 in, 2000 out\)/,
    );
    const shown = JSON.parse(await maestro("session", "show", estimated, "--json"));
    expect(shown).toMatchObject({ costUsd: expect.closeTo(0.145, 10), costIsEstimate: true });

    await maestro("agent", "add", "paid", "--adapter", "custom", "--command", "/bin/true");
    const reported = await sessionWithUsage("paid", 0.0421);
    expect(await maestro("session", "show", reported)).toMatch(/cost\s+\$0\.0421 \(100000 in, 2000 out\)/);
    const list = await maestro("session", "list", "--project", "COST");
    expect(list).toMatch(/COST/);
    expect(list).toMatch(new RegExp(`${estimated.slice(0, 8)}.*≈ \\$0\\.1450 \\(estimate\\)`));
    expect(list).toMatch(new RegExp(`${reported.slice(0, 8)}.*\\$0\\.0421`));
    const listed = JSON.parse(await maestro("session", "list", "--project", "COST", "--json")) as Array<{
      id: string;
      costIsEstimate: boolean;
    }>;
    expect(Object.fromEntries(listed.map((s) => [s.id, s.costIsEstimate]))).toEqual({
      [estimated]: true,
      [reported]: false,
    });
  });
});
