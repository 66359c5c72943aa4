import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { createMaestroClient } from "../src/client";
import { useCliServer } from "./cli-server";

const BIN = fileURLToPath(new URL("../bin/maestro.js", import.meta.url));
const cli = useCliServer("maestro-mcp-stdio-");
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

/** `maestro mcp` as a real process, driven by the SDK's own stdio client; `errors` collects what it could not parse. */
async function connectMcp(env: Record<string, string>, args: string[] = []) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, "mcp", ...args],
    env: { PATH: process.env.PATH ?? "", HOME: cli.home, ...env },
    stderr: "pipe",
  });
  const client = new Client({ name: "mcp-stdio-test", version: "1" });
  const errors: string[] = [];
  client.onerror = (error) => errors.push(error.message);
  await client.connect(transport);
  clients.push(client);
  return { client, errors };
}

let projects = 0;

/** A project with a task and a session on it claimed as a runner would: the agent's environment. */
async function agentWorld() {
  const owner = createMaestroClient({ url: cli.server.url, token: cli.server.token });
  const key = `P${++projects}`;
  const project = await owner.project.create.mutate({ name: key, rootDir: cli.home, key });
  const task = await owner.task.create.mutate({ projectId: key, title: "lead", command: "true" });
  const session = await owner.session.start.mutate({ taskIds: [task.id], agent: "shell" });
  const claim = (await owner.runner.claim.mutate({ runnerId: `r${projects}` }))!;
  const env = {
    MAESTRO_URL: cli.server.url,
    MAESTRO_TOKEN: claim.token,
    MAESTRO_SESSION_ID: session.id,
    MAESTRO_PROJECT_ID: project.id,
  };
  return { owner, project, task, session, env };
}

function textOf(result: unknown): string {
  const content = (result as CallToolResult).content[0];
  return content?.type === "text" ? content.text : "";
}

function jsonOf<T>(result: unknown): T {
  expect(textOf(result)).not.toMatch(/^[A-Z_]+: /);
  expect((result as CallToolResult).isError ?? false).toBe(false);
  return JSON.parse(textOf(result)) as T;
}

async function toolNames(client: Client): Promise<string[]> {
  return (await client.listTools()).tools.map((tool) => tool.name).sort();
}

const CORE = ["create_task", "get_spec", "get_task", "list_tasks", "report"];
const ALL = [...CORE, "get_session_log", "list_projects", "list_sessions", "update_task"].sort();

// Each test starts `maestro mcp` through tsx (a second or more on a busy machine).
describe("maestro mcp (stdio)", { timeout: 30_000 }, () => {
  it("as an agent: core tools, its own task, a subtask allowed, a top-level task refused, done reported", async () => {
    const { owner, task, session, env } = await agentWorld();
    const { client, errors } = await connectMcp(env);
    expect(await toolNames(client)).toEqual(CORE);

    expect(jsonOf<{ id: string }>(await client.callTool({ name: "get_task", arguments: {} })).id).toBe(task.id);
    const sub = jsonOf<{ parentId: string; key: string }>(
      await client.callTool({ name: "create_task", arguments: { title: "a step", parent: task.key } }),
    );
    expect(sub.parentId).toBe(task.id);
    const listed = jsonOf<{ tasks: Array<{ key: string }> }>(
      await client.callTool({ name: "list_tasks", arguments: {} }),
    ).tasks;
    expect(listed.map((row) => row.key).sort()).toEqual([task.key, sub.key].sort());

    const refused = (await client.callTool({ name: "create_task", arguments: { title: "escape" } })) as CallToolResult;
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toBe(
      "FORBIDDEN: an agent session may only create subtasks of its own tasks (pass a parent)",
    );
    expect((await owner.task.list.query({ projectId: task.projectId })).items.map((row) => row.title).sort()).toEqual([
      "a step",
      "lead",
    ]);

    const badKind = (await client.callTool({ name: "report", arguments: { kind: "finished" } })) as CallToolResult;
    expect(badKind.isError).toBe(true);
    expect(textOf(badKind)).toMatch(/Invalid arguments for tool report: .* at kind$/);

    jsonOf(await client.callTool({ name: "report", arguments: { kind: "done", text: "all green" } }));
    expect((await owner.task.byId.query({ id: task.id })).status).toBe("done");
    expect((await owner.session.byId.query({ id: session.id })).lastReport).toBe("all green");
    // Every line the process printed on stdout was an MCP message.
    expect(errors).toEqual([]);
  });

  it("as the owner (the token in MAESTRO_HOME): all tools by default, --tools core on request", async () => {
    const { project } = await agentWorld();
    const env = { MAESTRO_URL: cli.server.url, MAESTRO_HOME: cli.home };
    const { client } = await connectMcp(env);
    expect(await toolNames(client)).toEqual(ALL);
    const listed = jsonOf<{ projects: Array<{ key: string }> }>(
      await client.callTool({ name: "list_projects", arguments: {} }),
    );
    expect(listed.projects.map((row) => row.key)).toContain(project.key);
    expect(await toolNames((await connectMcp(env, ["--tools", "core"])).client)).toEqual(CORE);
  });

  it("with a wrong token: each call is a tool error saying the token was refused", async () => {
    const { client } = await connectMcp({ MAESTRO_URL: cli.server.url, MAESTRO_TOKEN: "not-a-token" });
    const result = (await client.callTool({ name: "list_projects", arguments: {} })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/the server refused the token/);
  });

  it("without any token: exits 1 saying so on stderr, nothing on stdout", async () => {
    const home = mkdtempSync(join(tmpdir(), "maestro-mcp-empty-"));
    const child = spawn(process.execPath, [BIN, "mcp"], {
      env: { PATH: process.env.PATH ?? "", HOME: home, MAESTRO_HOME: home, MAESTRO_URL: cli.server.url },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    expect(stderr).toContain("no token");
  });
});
