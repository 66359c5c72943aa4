import { describe, expect, it } from "vitest";
import { createMaestroClient } from "../src/client";
import { useCliServer } from "./cli-server";

const cli = useCliServer("maestro-cli-account-");

const maestro = (...argv: string[]) => cli.run(argv, "token");

/** Runs the CLI expecting success; returns what it printed. */
async function ok(...argv: string[]): Promise<string> {
  const run = await maestro(...argv);
  expect(run, run.output).toMatchObject({ code: 0 });
  return run.output;
}

/** A session of `agent` whose stand-in runner reports a usage limit, as the real runner would. */
async function hitUsageLimit(agent: string, resetAt: string, task = "ACC-1"): Promise<void> {
  await ok("task", "run", task, "--agent", agent, "--json");
  const client = createMaestroClient({ url: cli.server.url, token: cli.server.runnerToken });
  const claim = (await client.runner.claim.mutate({ runnerId: "r-account" }))!;
  const held = { sessionId: claim.session.id, lease: claim.lease };
  await client.runner.started.mutate({ ...held, pid: process.pid, cwd: cli.home, worktreePath: null, branch: null });
  const limit = { type: "usage_limit" as const, message: "usage limit reached", resetAt };
  await client.runner.log.mutate({ ...held, chunks: [], events: [limit] });
  await client.runner.finish.mutate({ ...held, exitCode: 1, signal: null, error: null });
}

describe("maestro agent add|update --account", () => {
  it("sets, shows and clears an account; list shows derived ones too", async () => {
    const added = JSON.parse(
      await ok("agent", "add", "opus", "--adapter", "claude-code", "--account", "team", "--json"),
    );
    expect(added).toMatchObject({ name: "opus", account: "team" });
    expect(JSON.parse(await ok("agent", "show", "opus", "--json"))).toMatchObject({
      account: "team",
      usageAccount: "team",
      pausedUntil: null,
    });
    const list = await ok("agent", "list");
    expect(list).toMatch(/ACCOUNT/);
    expect(list).toMatch(/^claude-code .*claude-code:default/m);
    expect(list).toMatch(/^opus .* team /m);

    const cleared = JSON.parse(await ok("agent", "update", "opus", "--account", "none", "--json"));
    expect(cleared.account).toBeNull();
    expect(JSON.parse(await ok("agent", "show", "opus", "--json")).usageAccount).toBe("claude-code:default");
  });

  it("refuses a bad account name as a usage error naming the flag", async () => {
    const run = await maestro("agent", "update", "opus", "--account", "two words");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--account/);
  });

  it("shows until when every profile of a paused account is paused, and a start that waits says so", async () => {
    await ok("project", "create", "Accounts", "--dir", cli.home, "--key", "ACC");
    await ok("task", "create", "Limited", "--project", "ACC");
    await ok("task", "create", "Next", "--project", "ACC");
    await ok("agent", "add", "bot", "--adapter", "custom", "--command", "/bin/true", "--account", "acme");
    await ok("agent", "add", "mate", "--adapter", "custom", "--command", "/bin/true", "--account", "acme");
    await hitUsageLimit("bot", "2099-01-01T10:30:00.000Z");

    const list = await ok("agent", "list");
    expect(list).toMatch(/^bot .* acme .*until \d{4}-\d\d-\d\d \d\d:\d\d UTC/m);
    expect(list).toMatch(/^mate .* acme .*until \d{4}-\d\d-\d\d \d\d:\d\d UTC/m);
    expect(list).toMatch(/^codex .*codex:default\s+—/m);
    const started = await ok("task", "run", "ACC-2", "--agent", "mate");
    expect(started).toMatch(/Queued session \S+ \(mate, attempt 1\), waiting: usage limit on account acme \(bot\)/);
  });

  it("agent resume <profile> lifts its account's pause: the waiting session is queued again", async () => {
    await ok("project", "create", "Resumes", "--dir", cli.home, "--key", "RES");
    await ok("task", "create", "Limited", "--project", "RES");
    await ok("agent", "add", "rbot", "--adapter", "custom", "--command", "/bin/true", "--account", "resacct");
    await ok("agent", "add", "rmate", "--adapter", "custom", "--command", "/bin/true", "--account", "resacct");
    await hitUsageLimit("rbot", "2099-01-01T10:30:00.000Z", "RES-1");

    const resumed = await ok("agent", "resume", "rmate");
    expect(resumed).toMatch(
      /Resumed account resacct \(rbot, rmate\), paused until \d{4}-\d\d-\d\d \d\d:\d\d UTC; 1 waiting session\(s\) queued again/,
    );
    expect(await ok("agent", "list")).not.toMatch(/^rbot .*until \d{4}-/m);
    const items = JSON.parse(await ok("session", "list", "--project", "RES", "--json"));
    expect(items[0]).toMatchObject({ agent: "rbot", status: "queued" });

    const again = await maestro("agent", "resume", "rmate");
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/account resacct \(agent rmate\) is not paused/);
  });
});
