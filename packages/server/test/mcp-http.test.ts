import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { appendLogChunks } from "@maestro/db";
import { describe, expect, it } from "vitest";
import type { RunningServer } from "../src/main";
import { dbSnapshot, ownerClient, rawRequest, useServerPool } from "./live-server";

const pool = useServerPool();

/** An SDK client connected to the server's /mcp, presenting `token` (or none). */
async function mcpClient(server: RunningServer, opts: { token?: string; path?: string; origin?: string } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.origin) headers.origin = opts.origin;
  const transport = new StreamableHTTPClientTransport(new URL(`${server.url}${opts.path ?? "/mcp"}`), {
    requestInit: { headers },
  });
  const client = new Client({ name: "mcp-http-test", version: "1" });
  await client.connect(transport);
  return client;
}

/** A project with a task, and a session on it claimed as a runner would: its token is the agent's. */
async function agentWorld(server: RunningServer) {
  const owner = ownerClient(server);
  await owner.project.create.mutate({ name: "Web", rootDir: pool.home(), key: "WEB" });
  const task = await owner.task.create.mutate({ projectId: "WEB", title: "lead", command: "true" });
  const session = await owner.session.start.mutate({ taskIds: [task.id], agent: "shell" });
  const claim = (await owner.runner.claim.mutate({ runnerId: "r1" }))!;
  return { owner, task, session, token: claim.token };
}

function textOf(result: unknown): string {
  const content = (result as CallToolResult).content[0];
  return content?.type === "text" ? content.text : "";
}

function jsonOf<T>(result: unknown): T {
  expect((result as CallToolResult).isError ?? false).toBe(false);
  return JSON.parse(textOf(result)) as T;
}

async function toolNames(client: Client): Promise<string[]> {
  return (await client.listTools()).tools.map((tool) => tool.name).sort();
}

const CORE = ["create_task", "get_spec", "get_task", "list_tasks", "report"];
const ALL = [...CORE, "get_session_log", "list_projects", "list_sessions", "update_task"].sort();

describe("/mcp over Streamable HTTP", () => {
  it("lists the core tools to an agent and all tools to the owner; ?tools= chooses", async () => {
    const server = await pool.start();
    const { token } = await agentWorld(server);
    expect(await toolNames(await mcpClient(server, { token }))).toEqual(CORE);
    expect(await toolNames(await mcpClient(server, { token, path: "/mcp?tools=all" }))).toEqual(ALL);
    expect(await toolNames(await mcpClient(server, { token: server.token }))).toEqual(ALL);
    expect(await toolNames(await mcpClient(server, { token: server.token, path: "/mcp?tools=core" }))).toEqual(CORE);
  });

  it("lets an agent create a subtask of its own task, refuses a top-level one naming the rule, and reports done", async () => {
    const server = await pool.start();
    const { owner, task, session, token } = await agentWorld(server);
    const agent = await mcpClient(server, { token });

    const own = jsonOf<{ key: string }>(await agent.callTool({ name: "get_task", arguments: {} }));
    expect(own.key).toBe(task.key);
    const sub = jsonOf<{ parentId: string; projectId: string }>(
      await agent.callTool({ name: "create_task", arguments: { title: "a step", parent: task.key } }),
    );
    expect(sub).toMatchObject({ parentId: task.id, projectId: task.projectId });

    const before = await dbSnapshot(server.database);
    const refused = (await agent.callTool({ name: "create_task", arguments: { title: "escape" } })) as CallToolResult;
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toBe(
      "FORBIDDEN: an agent session may only create subtasks of its own tasks (pass a parent)",
    );
    expect(await dbSnapshot(server.database)).toBe(before);

    const reported = jsonOf<{ lastReport: string }>(
      await agent.callTool({ name: "report", arguments: { kind: "done", text: "shipped it" } }),
    );
    expect(reported.lastReport).toBe("shipped it");
    expect((await owner.task.byId.query({ id: task.id })).status).toBe("done");
    expect((await owner.session.byId.query({ id: session.id })).lastReport).toBe("shipped it");
  });

  it("answers bad arguments and refusals as tool errors naming the field", async () => {
    const server = await pool.start();
    const { token } = await agentWorld(server);
    const agent = await mcpClient(server, { token });
    const badKind = (await agent.callTool({ name: "report", arguments: { kind: "finished" } })) as CallToolResult;
    expect(badKind.isError).toBe(true);
    expect(textOf(badKind)).toMatch(/Invalid arguments for tool report: .*needs_input.* at kind$/);
    const noReason = (await agent.callTool({ name: "report", arguments: { kind: "blocked" } })) as CallToolResult;
    expect(textOf(noReason)).toBe("INVALID_INPUT: text: is required for kind blocked");
    const emptyTitle = (await agent.callTool({
      name: "create_task",
      arguments: { title: " ", parent: "WEB-1" },
    })) as CallToolResult;
    expect(emptyTitle.isError).toBe(true);
    expect(textOf(emptyTitle)).toMatch(/must not be empty.*\btitle\b/s);
    // A tool outside the agent's tier does not exist for it.
    const hidden = (await agent.callTool({ name: "list_projects", arguments: {} })) as CallToolResult;
    expect(textOf(hidden)).toMatch(/Tool list_projects not found/);
  });

  it("serves the owner: list_projects, list_sessions, list_tasks and update_task", async () => {
    const server = await pool.start();
    const { task, session } = await agentWorld(server);
    const owner = await mcpClient(server, { token: server.token });
    const sessionIds = async (args: Record<string, unknown>) => {
      const result = await owner.callTool({ name: "list_sessions", arguments: { project: "WEB", ...args } });
      return jsonOf<{ sessions: Array<{ id: string }> }>(result).sessions.map((row) => row.id);
    };
    expect(await sessionIds({})).toEqual([session.id]);
    expect(await sessionIds({ status: "succeeded" })).toEqual([]);
    const projects = jsonOf<{ projects: Array<{ key: string }>; nextCursor: null }>(
      await owner.callTool({ name: "list_projects", arguments: {} }),
    );
    expect(projects.projects.map((project) => project.key)).toEqual(["WEB"]);
    expect(projects.nextCursor).toBeNull();
    const listed = async (status: string[]) => {
      const result = await owner.callTool({ name: "list_tasks", arguments: { project: "WEB", status } });
      return jsonOf<{ tasks: Array<{ key: string }> }>(result).tasks.map((row) => row.key);
    };
    expect(await listed([task.status, "done"])).toEqual([task.key]);
    expect(await listed(["done"])).toEqual([]);
    const one = await owner.callTool({ name: "list_tasks", arguments: { project: "WEB", status: task.status } });
    expect(jsonOf<{ tasks: Array<{ key: string }>; nextCursor: null }>(one)).toMatchObject({
      tasks: [{ key: task.key }],
      nextCursor: null,
    });
    const updated = jsonOf<{ status: string; title: string }>(
      await owner.callTool({ name: "update_task", arguments: { task: task.key, status: "done", title: "renamed" } }),
    );
    expect(updated).toMatchObject({ status: "done", title: "renamed" });
    expect(await listed(["done"])).toEqual([task.key]);
    const missing = (await owner.callTool({ name: "get_task", arguments: {} })) as CallToolResult;
    expect(textOf(missing)).toBe("INVALID_INPUT: task: is required outside an agent session");
  });

  it("reads a spec of the agent's own project (another project's refused) and the tail of a session's log", async () => {
    const server = await pool.start();
    const { owner, session, token } = await agentWorld(server);
    const spec = await owner.spec.create.mutate({ projectId: "WEB", name: "Login" });
    await owner.spec.edit.mutate({ id: spec.id, phase: "requirements", text: "# Login\n\nPeople sign in.\n" });
    await owner.project.create.mutate({ name: "Api", rootDir: pool.home(), key: "API" });
    const foreign = await owner.spec.create.mutate({ projectId: "API", name: "Keys" });

    const agent = await mcpClient(server, { token });
    const read = jsonOf<{ slug: string; documents: Array<{ phase: string; text: string | null }> }>(
      await agent.callTool({ name: "get_spec", arguments: { spec: spec.slug } }),
    );
    expect(read.slug).toBe(spec.slug);
    expect(read.documents.find((document) => document.phase === "requirements")?.text).toContain("People sign in.");
    const refused = (await agent.callTool({ name: "get_spec", arguments: { spec: foreign.id } })) as CallToolResult;
    expect(textOf(refused)).toBe("FORBIDDEN: this session may only read its own project");

    const lines = Array.from({ length: 150 }, (_, i) => ({ stream: "stdout" as const, text: `line ${i}\n` }));
    await server.database.transaction((tx) => appendLogChunks(tx, session.id, lines));
    const person = await mcpClient(server, { token: server.token });
    const tail = jsonOf<{ text: string }>(
      await person.callTool({ name: "get_session_log", arguments: { session: session.id, tail: 3 } }),
    );
    expect(tail.text).toBe("line 147\nline 148\nline 149\n");
  });

  it("reaches nothing of another project with an agent's token, through any tool of either tier", async () => {
    const server = await pool.start();
    const { owner, task, token } = await agentWorld(server);
    await owner.project.create.mutate({ name: "Api", rootDir: pool.home(), key: "API" });
    const foreignTask = await owner.task.create.mutate({ projectId: "API", title: "theirs", command: "true" });
    const foreignSession = await owner.session.start.mutate({ taskIds: [foreignTask.id], agent: "shell" });
    await server.database.transaction((tx) =>
      appendLogChunks(tx, foreignSession.id, [{ stream: "stdout", text: "their log\n" }]),
    );
    const foreignSpec = await owner.spec.create.mutate({ projectId: "API", name: "Keys" });
    const agent = await mcpClient(server, { token, path: "/mcp?tools=all" });
    const refusals: Array<[string, Record<string, unknown>, RegExp]> = [
      ["list_projects", {}, /^FORBIDDEN: an agent session may not call project\.list$/],
      ["list_tasks", { project: "API" }, /^FORBIDDEN: this session may only read its own project$/],
      ["get_task", { task: foreignTask.key }, /^FORBIDDEN: this session may only read its own project$/],
      ["get_task", { task: foreignTask.id }, /^FORBIDDEN: this session may only read its own project$/],
      ["create_task", { title: "x", parent: foreignTask.key }, /^BAD_REQUEST: parent API-1 belongs to another project/],
      ["create_task", { title: "x", parent: task.key, project: "API" }, /^BAD_REQUEST: parent WEB-1 belongs/],
      ["create_task", { title: "x", parent: task.key, depends_on: ["API-1"] }, /^BAD_REQUEST: dependency API-1/],
      ["update_task", { task: foreignTask.key, title: "mine" }, /^FORBIDDEN: this session may only change its own/],
      ["report", { kind: "done", task: foreignTask.key }, /^FORBIDDEN: this session may only change its own/],
      ["report", { kind: "progress", session: foreignSession.id }, /^FORBIDDEN: this session may only act on itself$/],
      ["list_sessions", { project: "API" }, /^FORBIDDEN: this session may only read its own project$/],
      ["get_session_log", { session: foreignSession.id }, /^FORBIDDEN: an agent session may not call session\.log$/],
      ["get_spec", { spec: foreignSpec.id }, /^FORBIDDEN: this session may only read its own project$/],
      ["get_spec", { spec: "API/keys" }, /^FORBIDDEN: this session may only read its own project$/],
      ["get_spec", { spec: "keys" }, /^NOT_FOUND: /],
    ];
    const before = await dbSnapshot(server.database);
    for (const [name, args, refusal] of refusals) {
      const result = (await agent.callTool({ name, arguments: args })) as CallToolResult;
      expect({ name, args, isError: result.isError, text: textOf(result) }).toEqual({
        name,
        args,
        isError: true,
        text: expect.stringMatching(refusal),
      });
    }
    // Filters naming a foreign task find nothing of the agent's project, and show nothing of theirs.
    const foundTasks = await agent.callTool({ name: "list_tasks", arguments: { parent: foreignTask.key } });
    expect(jsonOf(foundTasks)).toEqual({ tasks: [], nextCursor: null });
    const foundSessions = await agent.callTool({ name: "list_sessions", arguments: { task: foreignTask.key } });
    expect(jsonOf(foundSessions)).toEqual({ sessions: [], nextCursor: null });
    expect(await dbSnapshot(server.database)).toBe(before);
  });

  it("takes only POSTs of at most 2 MiB, and only a known tier", async () => {
    const server = await pool.start();
    const port = Number(new URL(server.url).port);
    const headers = {
      host: `127.0.0.1:${port}`,
      authorization: `Bearer ${server.token}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    };
    const get = await rawRequest({ port, path: "/mcp", headers });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe("POST");
    const huge = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "ping",
      params: { pad: "x".repeat(3 * 1024 * 1024) },
    });
    const tooBig = await rawRequest({ port, path: "/mcp", method: "POST", headers, body: huge });
    expect(tooBig.status).toBe(413);
    const ping = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" });
    const badTier = await rawRequest({ port, path: "/mcp?tools=most", method: "POST", headers, body: ping });
    expect(badTier.status).toBe(400);
    expect(badTier.body).toContain('tools: must be one of core, all (got \\"most\\")');
  });

  it("takes the dashboard's sign-in cookie as the owner, unless the browser says the request is cross-site", async () => {
    const server = await pool.start();
    const code = new URL(await server.signInLink()).hash.replace(/^#code=/, "");
    const signIn = await rawRequest({
      port: server.port,
      path: "/auth/signin",
      method: "POST",
      headers: { host: `127.0.0.1:${server.port}`, "content-type": "application/json" },
      body: JSON.stringify({ code }),
    });
    const cookie = (signIn.headers["set-cookie"]?.[0] ?? "").split(";")[0]!;
    expect(cookie).toMatch(/^maestro_session_/);
    const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: { cookie } },
    });
    const client = new Client({ name: "mcp-cookie-test", version: "1" });
    await client.connect(transport);
    expect(await toolNames(client)).toEqual(ALL);
    const crossSite = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: { cookie, "sec-fetch-site": "cross-site" } },
    });
    await expect(new Client({ name: "x", version: "1" }).connect(crossSite)).rejects.toThrow(/missing or wrong token/);
  });

  it("refuses a request without a token (401), with the runners' token (403), and from a foreign Origin (403)", async () => {
    const server = await pool.start();
    const port = new URL(server.url).port;
    const init = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    });
    const headers = {
      host: `127.0.0.1:${port}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    };
    const post = (extra: Record<string, string>) =>
      rawRequest({ port: Number(port), path: "/mcp", method: "POST", headers: { ...headers, ...extra }, body: init });

    const anonymous = await post({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toContain("missing or wrong token");
    expect((await post({ authorization: `Bearer ${server.runnerToken}` })).status).toBe(403);
    const foreign = await post({ authorization: `Bearer ${server.token}`, origin: "http://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain('origin "http://evil.example" is not allowed');
    expect((await post({ authorization: `Bearer ${server.token}` })).status).toBe(200);
    await expect(mcpClient(server, { token: server.token, origin: "http://evil.example" })).rejects.toThrow(
      /origin "http:\/\/evil.example" is not allowed/,
    );
  });
});
