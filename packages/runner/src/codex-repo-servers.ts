import { closeSync, existsSync, fstatSync, openSync, readSync } from "node:fs";
import { dirname, join } from "node:path";
import { CODEX_ADDRESSABLE_SERVER, MCP_SERVER_NAME } from "@maestro/domain";
import { parse } from "smol-toml";
import { LaunchError } from "./launch-error";

/** Far more than any real config; a bigger one is refused rather than read. */
const MAX_CONFIG_BYTES = 256 * 1024;
/** How far up from the agent's folder a project config is looked for. */
const MAX_DEPTH = 32;

/**
 * The MCP servers the project's own Codex configs declare: `.codex/config.toml` in the agent's
 * folder and each folder above it up to the repository's root (where `.git` is), as Codex reads
 * them in a project it trusts. The runner switches each one off for the session (codexServersOff).
 *
 * The files are the repository's (an agent may have written them): read only when regular, at
 * most 256 KiB, by a linear-time parser. One that cannot be read that way refuses the launch,
 * since what it declares cannot be known; one that does not parse is left to Codex, which then
 * refuses to start with its own message. So is a server whose name `-c` cannot address.
 */
export function repositoryCodexServers(cwd: string): string[] {
  const names = new Set<string>();
  let dir = cwd;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    for (const name of serversIn(join(dir, ".codex", "config.toml"))) names.add(name);
    const parent = dirname(dir);
    if (existsSync(join(dir, ".git")) || parent === dir) break;
    dir = parent;
  }
  if (names.has(MCP_SERVER_NAME)) {
    // Its keys would merge into the session's own server's (an `env` or `cwd` of the repository's choosing).
    throw new LaunchError(
      `the repository's Codex config declares an MCP server named "${MCP_SERVER_NAME}", which would stand in for Maestro's own: rename or remove it`,
    );
  }
  const unaddressable = [...names].find((name) => !CODEX_ADDRESSABLE_SERVER.test(name));
  if (unaddressable !== undefined) {
    throw new LaunchError(
      `the repository's Codex config declares an MCP server named ${JSON.stringify(unaddressable)}, which Maestro cannot switch off for the session (a name of letters, digits, '_' and '-' only can be): rename or remove it`,
    );
  }
  return [...names].sort();
}

function serversIn(file: string): string[] {
  const text = readConfig(file);
  if (text === null) return [];
  let config: Record<string, unknown>;
  try {
    config = parse(text) as Record<string, unknown>;
  } catch {
    return [];
  }
  const servers = config.mcp_servers;
  return servers && typeof servers === "object" && !Array.isArray(servers) ? Object.keys(servers) : [];
}

function readConfig(file: string): string | null {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return null;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_CONFIG_BYTES) {
      throw new LaunchError(
        `${file} is not a regular file of at most 256 KiB: Maestro cannot tell which MCP servers Codex would start from it`,
      );
    }
    const buffer = Buffer.alloc(stat.size);
    const read = readSync(fd, buffer, 0, stat.size, 0);
    return buffer.subarray(0, read).toString("utf8");
  } finally {
    closeSync(fd);
  }
}
