import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HIDDEN_TOKEN } from "../src/token-scrubber";
import { type World, fixture, initRepo, startWorld } from "./world";

// A real server, runner and agent: the session's token printed by the agent, its worktree set-up
// and its check never reaches the server, split across two writes or not.

let world: World;
const CHECK = 'printf "check sees %s\\n" "$MAESTRO_TOKEN"; exit 1';

beforeAll(async () => {
  world = await startWorld();
  initRepo(world.rootDir, { "README.md": "tokens\n" });
});
afterAll(() => world?.close());

describe("a session's output", { timeout: 60_000 }, () => {
  it("never carries the session's token: the log, its events, its check and the database show the marker", async () => {
    const tokenFile = join(world.home, "printed-token");
    await world.client.agent.add.mutate({
      name: "token-printer",
      adapter: "custom",
      command: [fixture("token-printing-agent.sh"), tokenFile],
    });
    await world.client.project.update.mutate({
      id: "RUN",
      settings: {
        worktreeMode: "per_task",
        targetBranch: "main",
        worktreeSetup: 'echo "setup sees $MAESTRO_TOKEN"',
        checks: [CHECK],
        maxAttempts: 1,
      },
    });
    const session = await world.runTask("token-printer", "print the token", true);
    const ended = await world.waitForEnd(session.id, 30_000);
    expect(ended).toMatchObject({ status: "failed", error: `check \`${CHECK}\` failed (exit 1)` });
    const token = readFileSync(tokenFile, "utf8");
    expect(token).toMatch(/^[0-9a-f]{64}$/);

    const stdout = await world.logText(session.id, "stdout");
    expect(stdout).toContain(`setup sees ${HIDDEN_TOKEN}\n`);
    expect(stdout).toContain(`printenv says:\n${HIDDEN_TOKEN}\nsplit: ${HIDDEN_TOKEN} (end of split)\ndone\n`);
    expect(stdout).toContain(`check sees ${HIDDEN_TOKEN}\n`);
    expect(await world.logText(session.id, "stderr")).toBe(`stderr: ${HIDDEN_TOKEN}`);
    const log = await world.logText(session.id);
    expect(log).not.toContain(token);
    // Not even the first part of the split write went out on its own.
    expect(log).not.toContain(token.slice(0, 29));

    const said = JSON.stringify(await world.allEvents()) + world.runnerLog.join("\n");
    expect(said).not.toContain(token);
    const files = readdirSync(world.home).filter((name) => name.startsWith("maestro.db"));
    expect(files).toContain("maestro.db");
    const bytes = Buffer.concat(files.map((name) => readFileSync(join(world.home, name))));
    expect(bytes.includes(Buffer.from(token))).toBe(false);
    expect(bytes.includes(Buffer.from(`check sees ${HIDDEN_TOKEN}`))).toBe(true);
  });
});
