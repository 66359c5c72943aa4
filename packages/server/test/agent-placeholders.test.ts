import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { upsertAgent, sql } from "@maestro/db";
import { BUILT_IN_AGENTS } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type World, expectTrpcError, makeWorld } from "./helpers";

// Placeholders in agent templates: whole argv elements only, and never the prompt itself, which
// reaches every agent on stdin (a prompt in argv is visible in `ps`, and `sh -c '… {prompt}'` runs it).

let world: World;
let dir: string;
beforeEach(async () => {
  world = await makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-placeholders-"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
  await world.caller.task.create({ projectId: "WEB", title: "Build it" });
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

const agents = () => world.caller.agent.list().then((list) => list.items.map((agent) => agent.name));

describe("agent add and update refuse placeholders that are not whole argv elements", () => {
  it("refuses {promptFile} inside a larger command element, naming the field and the element", async () => {
    await expectTrpcError(
      world.caller.agent.add({ name: "inj", adapter: "custom", command: ["sh", "-c", "agent {promptFile}"] }),
      "BAD_REQUEST",
      /command element "agent \{promptFile\}" embeds \{promptFile\}/,
    );
    const error = await expectTrpcError(
      world.caller.agent.add({ name: "inj", adapter: "custom", command: ["./a.sh", "--file={promptFile}"] }),
      "BAD_REQUEST",
    );
    expect(error.cause).toMatchObject({ details: { field: "command" } });
    expect(await agents()).not.toContain("inj");
  });

  it("refuses {prompt} on add and update, pointing to stdin and {promptFile}", async () => {
    await expectTrpcError(
      world.caller.agent.add({ name: "old", adapter: "custom", command: ["./a.sh", "{prompt}"] }),
      "BAD_REQUEST",
      /uses \{prompt\}.*stdin.*\{promptFile\}/,
    );
    await world.caller.agent.add({ name: "ok", adapter: "custom", command: ["./a.sh", "{promptFile}"] });
    await expectTrpcError(
      world.caller.agent.update({ name: "ok", command: ["sh", "-c", "a.sh '{prompt}'"] }),
      "BAD_REQUEST",
      /command element "a\.sh '\{prompt\}'" uses \{prompt\}/,
    );
    expect((await world.caller.agent.byName({ name: "ok" })).command).toEqual(["./a.sh", "{promptFile}"]);
  });

  it("refuses placeholders in args, which are passed as they are, for built-in adapters too", async () => {
    await expectTrpcError(
      world.caller.agent.add({
        name: "claude-code",
        adapter: "claude-code",
        args: ["--append-system-prompt", "{prompt}"],
      }),
      "BAD_REQUEST",
      /args element "\{prompt\}" has a placeholder/,
    );
    await expectTrpcError(
      world.caller.agent.update({ name: "codex", args: ["{promptFile}"] }),
      "BAD_REQUEST",
      /args element/,
    );
    expect((await world.caller.agent.byName({ name: "codex" })).builtIn).toBe(true);
  });
});

describe("a stored profile from before the rule", () => {
  it("with {prompt} in its command is refused at start, naming the field, and nothing runs", async () => {
    const custom = { ...BUILT_IN_AGENTS.find((agent) => agent.name === "shell")!, builtIn: false };
    await world.database.transaction((tx) =>
      upsertAgent(tx, { ...custom, name: "legacy", adapter: "custom", command: ["/bin/echo", "{prompt}"] }),
    );
    const error = await expectTrpcError(
      world.caller.session.start({ taskIds: ["WEB-1"], agent: "legacy" }),
      "BAD_REQUEST",
      /agent legacy: command element "\{prompt\}" uses \{prompt\}, which is no longer supported/,
    );
    expect(error.cause).toMatchObject({ details: { field: "command" } });
    expect(await world.database.db.all(sql`SELECT id FROM sessions`)).toEqual([]);
  });
});
