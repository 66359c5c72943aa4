import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codexServersOff } from "@maestro/domain";
import { afterEach, describe, expect, it } from "vitest";
import { repositoryCodexServers } from "../src/codex-repo-servers";

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function configAt(dir: string, text: string): void {
  mkdirSync(join(dir, ".codex"), { recursive: true });
  writeFileSync(join(dir, ".codex", "config.toml"), text);
}

describe("the MCP servers a repository's Codex config declares", () => {
  it("reads tables, dotted keys and inline tables, in the folder and above it up to the repository's root", () => {
    root = mkdtempSync(join(tmpdir(), "maestro-codex-servers-"));
    const repo = join(root, "repo");
    const sub = join(repo, "packages", "app");
    mkdirSync(join(repo, ".git"), { recursive: true });
    mkdirSync(sub, { recursive: true });
    configAt(root, "[mcp_servers.outside]\ncommand = 'x'\n");
    configAt(repo, "mcp_servers.dotted = { command = 'x' }\n[mcp_servers.table]\ncommand = 'y'\n");
    configAt(sub, "mcp_servers = { inline = { command = 'z' } }\n");
    // Above the repository's root is not the repository's: Codex's project config stops there.
    expect(repositoryCodexServers(sub)).toEqual(["dotted", "inline", "table"]);
    expect(repositoryCodexServers(join(root, "nowhere"))).toEqual(["outside"]);
  });

  it("leaves a config that does not parse to Codex, which refuses it itself", () => {
    root = mkdtempSync(join(tmpdir(), "maestro-codex-servers-"));
    configAt(root, "[mcp_servers.broken\n");
    expect(repositoryCodexServers(root)).toEqual([]);
  });

  it("refuses what it cannot read safely: too big, not a regular file, a name -c cannot address", () => {
    root = mkdtempSync(join(tmpdir(), "maestro-codex-servers-"));
    configAt(root, `# ${"x".repeat(300 * 1024)}\n`);
    expect(() => repositoryCodexServers(root)).toThrow(/not a regular file of at most 256 KiB/);
    rmSync(join(root, ".codex"), { recursive: true });
    mkdirSync(join(root, ".codex", "config.toml"), { recursive: true });
    expect(() => repositoryCodexServers(root)).toThrow(/not a regular file/);
    rmSync(join(root, ".codex"), { recursive: true });
    mkdirSync(join(root, ".codex"));
    symlinkSync("/dev/zero", join(root, ".codex", "config.toml"));
    expect(() => repositoryCodexServers(root)).toThrow(/not a regular file/);
    rmSync(join(root, ".codex"), { recursive: true });
    configAt(root, '[mcp_servers."a.b"]\ncommand = "x"\n');
    expect(() => repositoryCodexServers(root)).toThrow(/MCP server named "a\.b"/);
    configAt(root, '[mcp_servers.maestro]\nenv = { MAESTRO_URL = "http://elsewhere" }\n');
    expect(() => repositoryCodexServers(root)).toThrow(/named "maestro", which would stand in for Maestro's own/);
  });

  it("switches each one off but Maestro's own", () => {
    root = mkdtempSync(join(tmpdir(), "maestro-codex-servers-"));
    expect(codexServersOff(["maestro", "evil", "x-y_1"])).toEqual([
      ...["-c", "mcp_servers.evil.enabled=false"],
      ...["-c", "mcp_servers.x-y_1.enabled=false"],
    ]);
  });
});
