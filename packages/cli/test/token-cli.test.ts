import type { CreatedToken, TokenInfo } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import type { CliEnv } from "../src/env";
import type { Io } from "../src/output";
import { runCli } from "../src/program";
import { useCliServer } from "./cli-server";

const cli = useCliServer("maestro-cli-token-");

/** Runs the CLI as the owner (the home's token file) or with a named token in MAESTRO_TOKEN. */
async function run(argv: string[], token?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  const env: CliEnv = token
    ? { MAESTRO_URL: cli.server.url, MAESTRO_TOKEN: token }
    : { MAESTRO_URL: cli.server.url, MAESTRO_HOME: cli.home };
  const code = await runCli(argv, io, env);
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe("maestro token", () => {
  it("creates a token, prints its secret once with a warning, and the CLI works with it", async () => {
    const human = await run(["token", "create", "alice", "--role", "member"]);
    expect(human.code).toBe(0);
    const secret = /(mst_[A-Za-z0-9_-]{43})/.exec(human.stdout)?.[1];
    expect(secret).toBeDefined();
    expect(human.stdout).toContain("Created token alice (member)");
    expect(human.stderr).toMatch(/shown only this once/);

    const created = await run(["token", "create", "bot", "--role", "viewer", "--json"]);
    expect(created.code).toBe(0);
    const bot = JSON.parse(created.stdout) as CreatedToken;
    expect(bot).toMatchObject({ name: "bot", role: "viewer", lastUsedAt: null, revokedAt: null });
    expect(bot.token).toMatch(/^mst_/);

    expect((await run(["project", "create", "Web", "--dir", cli.home, "--key", "WEB"], secret)).code).not.toBe(0);
    expect((await run(["project", "create", "Web", "--dir", cli.home, "--key", "WEB"])).code).toBe(0);
    const task = await run(["task", "create", "written by alice", "--project", "WEB", "--json"], secret);
    expect(task.code).toBe(0);
    const refused = await run(["task", "create", "written by bot", "--project", "WEB"], bot.token);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/task\.create needs the member role; bot is viewer/);
    const events = await run(["events", "--project", "WEB", "--json"]);
    expect(events.stdout).toContain("person:alice");
  }, 60_000);

  it("lists tokens in a table and as JSON, never their secrets", async () => {
    await run(["token", "create", "carol", "--role", "admin"]);
    const table = await run(["token", "list"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/NAME\s+ROLE\s+CREATED\s+LAST USED\s+REVOKED/);
    expect(table.stdout).toMatch(/carol\s+admin/);
    expect(table.stdout).not.toContain("mst_");
    const listed = JSON.parse((await run(["token", "list", "--json"])).stdout) as TokenInfo[];
    expect(listed.map((token) => token.name)).toContain("carol");
    expect(JSON.stringify(listed)).not.toContain("mst_");
  }, 60_000);

  it("revokes by name or id, after which the token is refused", async () => {
    const dave = JSON.parse(
      (await run(["token", "create", "dave", "--role", "admin", "--json"])).stdout,
    ) as CreatedToken;
    expect((await run(["token", "list"], dave.token)).code).toBe(0);
    const revoked = await run(["token", "revoke", "dave"]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain("Revoked token dave");
    const after = await run(["token", "list"], dave.token);
    expect(after.code).not.toBe(0);
    expect(after.stderr).toMatch(/the server refused the token/);

    const erin = JSON.parse(
      (await run(["token", "create", "erin", "--role", "viewer", "--json"])).stdout,
    ) as CreatedToken;
    expect((await run(["token", "revoke", erin.id])).code).toBe(0);
    const listed = JSON.parse((await run(["token", "list", "--json"])).stdout) as TokenInfo[];
    expect(listed.find((token) => token.id === erin.id)?.revokedAt).not.toBeNull();
  }, 60_000);

  it("refuses bad input naming the argument or flag, and a taken name naming it", async () => {
    const noRole = await run(["token", "create", "frank"]);
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toMatch(/--role/);
    const badRole = await run(["token", "create", "frank", "--role", "owner"]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/--role/);
    const badName = await run(["token", "create", "no spaces", "--role", "viewer"]);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/<name>/);
    await run(["token", "create", "gina", "--role", "viewer"]);
    const taken = await run(["token", "create", "GINA", "--role", "viewer"]);
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toMatch(/name: a token named gina already exists/);
    const unknown = await run(["token", "revoke", "nobody"]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/name: no live token nobody/);
    const listed = JSON.parse((await run(["token", "list", "--json"])).stdout) as TokenInfo[];
    expect(listed.filter((token) => token.name.toLowerCase() === "gina")).toHaveLength(1);
    expect(listed.some((token) => token.name === "frank")).toBe(false);
  }, 60_000);
});
