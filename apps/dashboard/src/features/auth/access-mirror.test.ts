import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PROCEDURE_ROLES } from "./access";

/**
 * The dashboard may not import the server (only its types), and the server's table is typed as a
 * plain record: so this reads the server's source and checks every mirrored entry against it.
 */
const SERVER_TABLE = new URL("../../../../../packages/server/src/access.ts", import.meta.url);
const CONSTANTS: Record<string, string> = { READ: "viewer", WORK: "member", MANAGE: "admin", OWNER: "owner" };

function readServerTable(): Map<string, string> {
  const source = readFileSync(SERVER_TABLE, "utf8");
  const entries = new Map<string, string>();
  for (const match of source.matchAll(/^\s*"([a-zA-Z]+\.[a-zA-Z]+)":\s*([A-Z]+|"[a-z]+"),?\s*$/gm)) {
    const [, path, value] = match as unknown as [string, string, string];
    entries.set(path, CONSTANTS[value] ?? value.replaceAll('"', ""));
  }
  return entries;
}

describe("the dashboard's access table", () => {
  it("reads the server's table (so the next check means something)", () => {
    const server = readServerTable();
    expect(server.get("task.list")).toBe("viewer");
    expect(server.size).toBeGreaterThan(50);
  });

  it("gives every procedure it hides the role the server's table requires", () => {
    const server = readServerTable();
    const mirrored = Object.entries(PROCEDURE_ROLES).map(([path]) => [path, server.get(path) ?? "missing"]);
    expect(Object.fromEntries(mirrored)).toEqual(PROCEDURE_ROLES);
  });
});
