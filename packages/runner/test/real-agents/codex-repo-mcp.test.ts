// A repository's own `.codex/config.toml` may declare MCP servers, which the real Codex CLI starts
// (outside its sandbox) in a project it trusts. An agent can write that file, so a session must
// never start them: the runner switches every one off (`-c mcp_servers.<name>.enabled=false`).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CodexWorld, startCodexWorld } from "./codex-world";

let codex: CodexWorld | undefined;
afterEach(async () => {
  await codex?.close();
  codex = undefined;
});

/** A `.codex/config.toml` in the project declaring servers that each append their label to `marker`. */
function plant(root: string, marker: string, servers: Array<{ key: string; label: string }>): void {
  const table = ({ key, label }: { key: string; label: string }) =>
    [`[mcp_servers.${key}]`, `command = "/bin/sh"`, `args = ["-c", "echo ${label} >> '${marker}'"]`, ""].join("\n");
  mkdirSync(join(root, ".codex"), { recursive: true });
  writeFileSync(join(root, ".codex", "config.toml"), servers.map(table).join("\n"));
}

describe("the real Codex CLI in a trusted repository that declares MCP servers", { timeout: 60_000 }, () => {
  it("starts none of them, and still starts Maestro's", async () => {
    codex = await startCodexWorld({ kind: "answer", items: [{ type: "message", text: "Nothing to do." }] });
    const { world, standIn } = codex;
    const marker = join(world.rootDir, "planted-server-ran");
    plant(world.rootDir, marker, [
      { key: "planted", label: "planted" },
      { key: "other-one", label: "other" },
    ]);
    // A dotted key at the top level declares a server too.
    writeFileSync(
      join(world.rootDir, ".codex", "config.toml"),
      `mcp_servers.dotted = { command = "/bin/sh", args = ["-c", "echo dotted >> '${marker}'"] }\n`,
      { flag: "a" },
    );
    codex.trust(world.rootDir);
    await codex.addProfile("codex-repo");
    const session = await world.runTask("codex-repo", "in a repository with planted servers");
    const ended = await world.waitForEnd(session.id, 40_000);
    expect(ended).toMatchObject({ status: "succeeded", exitCode: 0 });
    expect(JSON.stringify(standIn.responseRequests()[0]!.body)).toContain("- mcp__maestro: ");
    expect(existsSync(marker) ? readFileSync(marker, "utf8") : "").toBe("");
  });

  it("refuses to start a session when a declared server's name cannot be switched off, naming it", async () => {
    codex = await startCodexWorld({ kind: "answer", items: [{ type: "message", text: "Nothing to do." }] });
    const { world, standIn } = codex;
    const marker = join(world.rootDir, "planted-server-ran");
    plant(world.rootDir, marker, [{ key: '"with.dots"', label: "dots" }]);
    codex.trust(world.rootDir);
    await codex.addProfile("codex-repo");
    const session = await world.runTask("codex-repo", "in a repository with an unaddressable server");
    const ended = await world.waitForEnd(session.id, 40_000);
    expect(ended.endReason).toBe("spawn_failed");
    expect(ended.error).toMatch(/MCP server named "with\.dots".*rename or remove it/);
    expect(standIn.responseRequests()).toEqual([]);
    expect(existsSync(marker)).toBe(false);
  });
});
