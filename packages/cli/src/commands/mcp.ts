import { McpToolTier } from "@maestro/domain";
import type { McpApi, McpSelf } from "@maestro/server";
import { type CommandContext, type CommandSpec, schemaOption } from "../command";
import { clientApi } from "../mcp-api";

/** Inside a session (MAESTRO_SESSION_ID), the agent's own session and project. */
async function selfOf(ctx: CommandContext, api: McpApi): Promise<McpSelf> {
  const sessionId = ctx.env.MAESTRO_SESSION_ID;
  if (!sessionId) return null;
  const projectId = ctx.env.MAESTRO_PROJECT_ID ?? (await api.getSession({ id: sessionId })).projectId;
  return { sessionId, projectId };
}

/** Resolves when the client goes away: stdin ends (the SDK's transport does not watch for that). */
function untilStdinEnds(): Promise<void> {
  return new Promise((resolve) => {
    process.stdin.once("end", resolve);
    process.stdin.once("close", resolve);
  });
}

/** `maestro mcp`: an MCP server on stdin/stdout calling Maestro with this CLI's URL and token. */
export const mcp: CommandSpec = {
  path: ["mcp"],
  summary: "serve Maestro's tools over MCP on stdin/stdout (for an agent's MCP configuration)",
  options: [
    {
      flags: "--tools <tier>",
      description: "core: get_task, report, create_task, list_tasks, get_spec (an agent's default); all (a person's)",
      schema: McpToolTier,
    },
  ],
  examples: ["maestro mcp", "maestro mcp --tools all"],
  async run(ctx, _args, options) {
    // stdout carries only MCP messages: a stray console.log would corrupt the stream.
    console.log = console.error;
    // The MCP server and SDK load only for this command: every other command starts without them.
    const [{ createMcpServer, defaultTier }, { StdioServerTransport }] = await Promise.all([
      import("@maestro/server"),
      import("@modelcontextprotocol/sdk/server/stdio.js"),
    ]);
    const api = clientApi(ctx.client(), ctx.url);
    const self = await selfOf(ctx, api);
    const tier = schemaOption(options, "tools", McpToolTier) ?? defaultTier(self);
    const server = createMcpServer({ api, self, tier, log: (line) => ctx.io.err(line) });
    const ended = untilStdinEnds();
    await server.connect(new StdioServerTransport());
    await ended;
    await server.close();
  },
};
