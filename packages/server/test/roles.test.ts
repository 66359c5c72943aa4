import { sql } from "@maestro/db";
import { ENGINE } from "./engine";
import { readFileSync, readdirSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { WebSocket } from "ws";
import { describe, expect, it } from "vitest";
import type { RunningServer } from "../src/main";
import {
  type HttpClient,
  expectClientError,
  listAllEvents,
  makeHttpClient,
  ownerClient,
  rawRequest,
  useServerPool,
  waitFor,
} from "./live-server";
import { REQUIREMENTS } from "./spec-fixtures";

const pool = useServerPool();

interface Team {
  server: RunningServer;
  home: string;
  owner: HttpClient;
  secrets: { admin: string; member: string; viewer: string };
  as: (who: "admin" | "member" | "viewer") => HttpClient;
  /** Every line the server logged. */
  log: string[];
}

/** A server with a project and one named token per role: ada (admin), max (member), vic (viewer). */
async function startTeam(): Promise<Team> {
  const home = pool.home();
  const log: string[] = [];
  const server = await pool.start({ home, log: (line) => log.push(line) });
  const owner = ownerClient(server);
  await owner.project.create.mutate({ name: "Web", rootDir: home, key: "WEB" });
  const admin = await owner.token.create.mutate({ name: "ada", role: "admin" });
  const member = await owner.token.create.mutate({ name: "max", role: "member" });
  const viewer = await owner.token.create.mutate({ name: "vic", role: "viewer" });
  const secrets = { admin: admin.token, member: member.token, viewer: viewer.token };
  return { server, home, owner, secrets, log, as: (who) => makeHttpClient(server.url, { token: secrets[who] }) };
}

/** Everything stored, as bytes: the SQLite files, or on PostgreSQL every row of the tables that hold tokens and events. */
async function storedBytes(team: Team): Promise<Buffer> {
  if (ENGINE === "postgres") {
    const tables = ["tokens", "events", "projects", "tasks"];
    const rows = [];
    for (const table of tables) {
      rows.push(await team.server.database.db.all(sql`SELECT * FROM ${sql.identifier(table)}`));
    }
    return Buffer.from(JSON.stringify(rows));
  }
  const files = readdirSync(team.home).filter((name) => name.startsWith("maestro.db"));
  expect(files).toContain("maestro.db");
  return Buffer.concat(files.map((name) => readFileSync(join(team.home, name))));
}

async function expectForbidden(call: Promise<unknown>, path: string, needed: string): Promise<void> {
  const error = await expectClientError(call);
  expect(error.data?.code).toBe("FORBIDDEN");
  expect(error.message).toContain(path);
  expect(error.message).toContain(needed);
}

describe("named tokens and roles over HTTP", () => {
  it("creates a token whose secret is shown once, recognisable, and never listed", async () => {
    const { owner, secrets } = await startTeam();
    expect(secrets.admin).toMatch(/^mst_[A-Za-z0-9_-]{43}$/);
    const list = await owner.token.list.query();
    expect(list.map((token) => [token.name, token.role, token.revokedAt])).toEqual([
      ["ada", "admin", null],
      ["max", "member", null],
      ["vic", "viewer", null],
    ]);
    const listed = JSON.stringify(list);
    for (const secret of Object.values(secrets)) expect(listed).not.toContain(secret.slice(4));
    expect(listed).not.toContain(createHash("sha256").update(secrets.admin).digest("hex"));
  }, 30_000);

  it("answers auth.me for every principal", async () => {
    const team = await startTeam();
    expect(await team.owner.auth.me.query()).toEqual({ kind: "owner", name: null, role: "admin" });
    expect(await team.as("member").auth.me.query()).toEqual({ kind: "person", name: "max", role: "member" });
    expect(await team.as("viewer").auth.me.query()).toEqual({ kind: "person", name: "vic", role: "viewer" });
    const runner = makeHttpClient(team.server.url, { token: team.server.runnerToken });
    expect(await runner.auth.me.query()).toEqual({ kind: "runner", name: null, role: "member" });
  }, 30_000);

  it("lets each role do its class of procedure and refuses the next, naming the procedure and the role", async () => {
    const team = await startTeam();
    const viewer = team.as("viewer");
    const member = team.as("member");
    const admin = team.as("admin");
    // Reads: every role.
    for (const client of [viewer, member, admin]) expect((await client.project.list.query()).items).toHaveLength(1);
    // Work (plan, run, review): member and above.
    await expectForbidden(viewer.task.create.mutate({ projectId: "WEB", title: "no" }), "task.create", "member");
    const task = await member.task.create.mutate({ projectId: "WEB", title: "by max" });
    await admin.task.update.mutate({ id: task.id, title: "by ada", version: task.version });
    // Management (agents, projects, tokens, webhooks, imports): admin only.
    await expectForbidden(
      member.project.create.mutate({ name: "X", rootDir: team.home, key: "XX" }),
      "project.create",
      "admin",
    );
    await expectForbidden(member.token.list.query(), "token.list", "admin");
    await expectForbidden(member.webhook.set.mutate({ projectId: "WEB", url: null }), "webhook.set", "admin");
    await admin.agent.add.mutate({ name: "helper", adapter: "claude-code" });
    expect((await admin.token.list.query()).length).toBe(3);
    // The owner's alone: the runners' protocol and sign-in links.
    await expectForbidden(admin.runner.heartbeat.mutate({ runnerId: "r1", sessions: [] }), "runner.heartbeat", "owner");
    await expectForbidden(admin.auth.signInLink.mutate(), "auth.signInLink", "owner");
    expect((await team.owner.task.list.query({ projectId: "WEB" })).items.map((t) => t.title)).toEqual(["by ada"]);
  }, 30_000);

  it("records the person on every event they cause", async () => {
    const team = await startTeam();
    const task = await team.as("member").task.create.mutate({ projectId: "WEB", title: "by max" });
    await team.as("admin").task.update.mutate({ id: task.id, title: "by ada", version: task.version });
    const actors = (await listAllEvents(team.owner)).filter((e) => e.kind.startsWith("task.")).map((e) => e.actor);
    expect(actors).toEqual(["person:max", "person:ada"]);
  }, 30_000);

  it("counts spec approvals by distinct people and refuses the same person twice", async () => {
    const team = await startTeam();
    const max = team.as("member");
    const spec = await max.spec.create.mutate({
      projectId: "WEB",
      name: "Login",
      request: "sign in",
      requiredApprovals: 2,
    });
    await max.spec.edit.mutate({ id: spec.id, phase: "requirements", text: REQUIREMENTS });
    await max.spec.submit.mutate({ id: spec.id });
    const once = await max.spec.approve.mutate({ id: spec.id });
    expect(once.phases[0]).toMatchObject({ reviewState: "in_review", approvals: 1 });
    const again = await expectClientError(max.spec.approve.mutate({ id: spec.id }));
    expect(again.data?.code).toBe("CONFLICT");
    expect(again.message).toMatch(/person:max already approved/);
    await expectForbidden(team.as("viewer").spec.approve.mutate({ id: spec.id }), "spec.approve", "member");
    const twice = await team.as("admin").spec.approve.mutate({ id: spec.id });
    expect(twice.phases[0]).toMatchObject({ reviewState: "approved", approvals: 2 });
  }, 30_000);

  it("refuses bad input naming the field, and a second live token of a name in any case", async () => {
    const { owner } = await startTeam();
    const empty = await expectClientError(owner.token.create.mutate({ name: "", role: "viewer" }));
    expect([empty.data?.code, empty.data?.field]).toEqual(["BAD_REQUEST", "name"]);
    const role = await expectClientError(owner.token.create.mutate({ name: "eve", role: "god" as "admin" }));
    expect([role.data?.code, role.data?.field]).toEqual(["BAD_REQUEST", "role"]);
    const spaces = await expectClientError(owner.token.create.mutate({ name: "e ve", role: "viewer" }));
    expect(spaces.data?.field).toBe("name");
    const taken = await expectClientError(owner.token.create.mutate({ name: "MAX", role: "viewer" }));
    expect([taken.data?.code, taken.data?.field]).toEqual(["CONFLICT", "name"]);
    expect(taken.message).toContain("max");
    const neither = await expectClientError(owner.token.revoke.mutate({}));
    expect(neither.data?.field).toBe("name");
    const unknown = await expectClientError(owner.token.revoke.mutate({ name: "nobody" }));
    expect([unknown.data?.code, unknown.data?.field]).toEqual(["NOT_FOUND", "name"]);
    const noId = await expectClientError(owner.token.revoke.mutate({ id: "no-such-id" }));
    expect([noId.data?.code, noId.data?.field, noId.message]).toEqual(["NOT_FOUND", "id", "id: no token no-such-id"]);
    expect((await owner.token.list.query()).length).toBe(3);
  }, 30_000);

  it("keeps only the secret's hash at rest, and never puts a secret in an event or the log", async () => {
    const team = await startTeam();
    await team.as("viewer").project.list.query();
    await team.as("member").task.create.mutate({ projectId: "WEB", title: "noted" });
    await expectClientError(team.as("viewer").task.create.mutate({ projectId: "WEB", title: "refused" }));
    const said = JSON.stringify(await listAllEvents(team.owner)) + team.log.join("\n");
    for (const secret of Object.values(team.secrets)) expect(said).not.toContain(secret.slice(4));
    const bytes = await storedBytes(team);
    for (const secret of Object.values(team.secrets)) {
      expect(bytes.includes(Buffer.from(secret.slice(4)))).toBe(false);
    }
    const hash = createHash("sha256").update(team.secrets.viewer).digest("hex");
    expect(bytes.includes(Buffer.from(hash))).toBe(true);
  }, 30_000);

  it("refuses a revoked token from the next request on, and lets its name be given again", async () => {
    const team = await startTeam();
    const max = team.as("member");
    expect((await max.auth.me.query()).name).toBe("max");
    const revoked = await team.as("admin").token.revoke.mutate({ name: "max" });
    expect(revoked.revokedAt).not.toBeNull();
    expect((await expectClientError(max.auth.me.query())).data?.code).toBe("UNAUTHORIZED");
    const again = await team.owner.token.create.mutate({ name: "max", role: "viewer" });
    expect((await makeHttpClient(team.server.url, { token: again.token }).auth.me.query()).role).toBe("viewer");
    expect((await expectClientError(max.project.list.query())).data?.code).toBe("UNAUTHORIZED");
  }, 30_000);

  it("refuses to start a server whose owner token would be a named token", async () => {
    const { secrets } = await startTeam();
    await expect(pool.start({ token: secrets.admin })).rejects.toThrow(/named token \(mst_…\), not an owner token/);
  }, 30_000);

  it("records when a token was last used", async () => {
    const team = await startTeam();
    const before = await team.owner.token.list.query();
    expect(before.every((token) => token.lastUsedAt === null)).toBe(true);
    await team.as("viewer").project.list.query();
    await waitFor("vic's last use", async () => {
      const vic = (await team.owner.token.list.query()).find((token) => token.name === "vic");
      return vic?.lastUsedAt !== null;
    });
  }, 30_000);
});

/** A raw tRPC WebSocket presenting `token` in its connection params, subscribed to every event. */
function subscribedSocket(server: RunningServer, auth: { token?: string; cookie?: string }): Promise<WebSocket> {
  const query = auth.token ? "?connectionParams=1" : "";
  const headers = auth.cookie ? { cookie: auth.cookie } : {};
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/trpc${query}`, { headers });
  return new Promise((resolve, reject) => {
    ws.once("open", () => {
      if (auth.token) ws.send(JSON.stringify({ method: "connectionParams", data: { token: auth.token } }));
      ws.send(JSON.stringify({ id: 1, method: "subscription", params: { path: "event.onEvent", input: {} } }));
    });
    ws.on("message", (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: { type?: string } };
      if (message.id === 1 && message.result?.type === "started") resolve(ws);
    });
    ws.once("error", reject);
    ws.once("close", (code) => reject(new Error(`closed before the subscription started (${code})`)));
  });
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once("close", (code) => resolve(code)));
}

function signInWith(server: RunningServer, token: string) {
  return rawRequest({
    port: server.port,
    path: "/auth/signin",
    method: "POST",
    headers: { host: `127.0.0.1:${server.port}`, "content-type": "application/json" },
    body: JSON.stringify({ token }),
  });
}

describe("revoking a token ends what it opened", () => {
  it("closes its open WebSocket, and refuses a new one", async () => {
    const team = await startTeam();
    const socket = await subscribedSocket(team.server, { token: team.secrets.viewer });
    const bystander = await subscribedSocket(team.server, { token: team.secrets.member });
    const closing = closed(socket);
    await team.owner.token.revoke.mutate({ name: "vic" });
    expect(await closing).toBe(4401);
    expect(bystander.readyState).toBe(WebSocket.OPEN);
    await expect(subscribedSocket(team.server, { token: team.secrets.viewer })).rejects.toThrow();
    bystander.close();
  }, 30_000);

  it("runs nothing a revoked token's WebSocket sends while it is closing, even if the client never answers the close", async () => {
    const team = await startTeam();
    const socket = await subscribedSocket(team.server, { token: team.secrets.member });
    let closeFrameSeen = false;
    // A hostile client: it never answers the server's close frame, and keeps sending calls.
    socket.close = () => {
      closeFrameSeen = true;
    };
    await team.owner.token.revoke.mutate({ name: "max" });
    await waitFor("the server's close frame", () => closeFrameSeen);
    socket.send(
      JSON.stringify({
        id: 2,
        method: "mutation",
        params: { path: "task.create", input: { projectId: "WEB", title: "after revocation" } },
      }),
    );
    // A call the owner makes after it went out: once it is answered, the revoked one has been handled.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const tasks = await team.owner.task.list.query({ projectId: "WEB" });
    expect(JSON.stringify(tasks)).not.toContain("after revocation");
    socket.terminate();
  }, 30_000);

  it("signs a person in to the dashboard with their token, bound to it until revoked (HTTP and WebSocket)", async () => {
    const team = await startTeam();
    const res = await signInWith(team.server, team.secrets.member);
    expect(res.status).toBe(204);
    const cookie = (res.headers["set-cookie"]?.[0] ?? "").split(";")[0]!;
    expect(cookie).toMatch(/=v2\./);
    const session = () => rawRequest({ port: team.server.port, path: "/auth/session", headers: { cookie } });
    expect(JSON.parse((await session()).body)).toEqual({ signedIn: true, kind: "person", name: "max", role: "member" });
    const browser = makeHttpClient(team.server.url, { headers: { cookie } });
    expect(await browser.auth.me.query()).toEqual({ kind: "person", name: "max", role: "member" });
    await expectForbidden(browser.agent.add.mutate({ name: "x", adapter: "claude-code" }), "agent.add", "admin");
    const socket = await subscribedSocket(team.server, { cookie });
    const closing = closed(socket);

    await team.owner.token.revoke.mutate({ name: "max" });
    expect(await closing).toBe(4401);
    expect((await session()).status).toBe(401);
    expect((await expectClientError(browser.auth.me.query())).data?.code).toBe("UNAUTHORIZED");
    expect((await signInWith(team.server, team.secrets.member)).status).toBe(401);
  }, 30_000);
});

describe("signing out ends what that browser opened", () => {
  function signOut(server: RunningServer, cookie: string) {
    return rawRequest({
      port: server.port,
      path: "/auth/signout",
      method: "POST",
      headers: { host: `127.0.0.1:${server.port}`, cookie },
    });
  }

  it("closes the browser's open WebSocket and runs nothing it still sends, leaving other sign-ins open", async () => {
    const team = await startTeam();
    const cookieOf = async (token: string) => {
      const res = await signInWith(team.server, token);
      expect(res.status).toBe(204);
      return (res.headers["set-cookie"]?.[0] ?? "").split(";")[0]!;
    };
    const owner = await cookieOf(team.server.token);
    const otherBrowser = await cookieOf(team.server.token);
    const socket = await subscribedSocket(team.server, { cookie: owner });
    const bystander = await subscribedSocket(team.server, { cookie: otherBrowser });
    let closeFrameSeen = false;
    // A client that never answers the server's close frame, and keeps sending calls.
    socket.close = () => {
      closeFrameSeen = true;
    };
    expect((await signOut(team.server, owner)).status).toBe(204);
    await waitFor("the server's close frame", () => closeFrameSeen);
    socket.send(
      JSON.stringify({
        id: 2,
        method: "mutation",
        params: { path: "task.create", input: { projectId: "WEB", title: "after signing out" } },
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const tasks = await team.owner.task.list.query({ projectId: "WEB" });
    expect(JSON.stringify(tasks)).not.toContain("after signing out");
    expect(bystander.readyState).toBe(WebSocket.OPEN);
    await expect(subscribedSocket(team.server, { cookie: owner })).rejects.toThrow();
    socket.terminate();
    const closing = closed(bystander);
    await signOut(team.server, otherBrowser);
    expect(await closing).toBe(4401);
  }, 30_000);
});

describe("/mcp as a person", () => {
  async function mcpAs(server: RunningServer, token: string): Promise<Client> {
    const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    const client = new Client({ name: "roles-test", version: "1" });
    await client.connect(transport);
    return client;
  }

  it("follows the person's role: a viewer reads and is refused a write, a member writes as person:<name>", async () => {
    const team = await startTeam();
    const viewer = await mcpAs(team.server, team.secrets.viewer);
    const listed = (await viewer.callTool({ name: "list_projects", arguments: {} })) as CallToolResult;
    expect(listed.isError ?? false).toBe(false);
    const refused = (await viewer.callTool({
      name: "create_task",
      arguments: { project: "WEB", title: "no" },
    })) as CallToolResult;
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain("task.create needs the member role; vic is viewer");

    const member = await mcpAs(team.server, team.secrets.member);
    const created = (await member.callTool({
      name: "create_task",
      arguments: { project: "WEB", title: "via mcp" },
    })) as CallToolResult;
    expect(created.isError ?? false).toBe(false);
    const events = await listAllEvents(team.owner);
    expect(events.filter((e) => e.kind === "task.created").map((e) => e.actor)).toEqual(["person:max"]);
    await viewer.close();
    await member.close();
  }, 30_000);
});
