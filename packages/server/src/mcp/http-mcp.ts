import type { IncomingMessage, ServerResponse } from "node:http";
import { type LogFields, McpToolTier } from "@maestro/domain";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { Context } from "../context";
import { BodyError, readJsonBody } from "../http/read-json-body";
import { callerApi, type McpSelf } from "./mcp-api";
import { createMcpServer, defaultTier } from "./mcp-server";
import { requestIdOf } from "../observe/request-observer";

export interface McpEndpointOptions {
  /** The API's own context factory: the same tokens, cookie and refusals as /trpc. */
  createContext: (opts: { req: IncomingMessage }) => Promise<Context>;
  maxBodyBytes: number;
  log: (line: string, fields?: LogFields) => void;
}

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * `/mcp`: Streamable HTTP, stateless (a server and transport per POST, answered as plain JSON), so
 * nothing is held between requests. Tools call the router in-process as the request's principal.
 */
export function createMcpHandler(options: McpEndpointOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let sessionId: string | undefined;
    const log = (line: string) => options.log(line, { requestId: requestIdOf(req), procedure: "/mcp", sessionId });
    try {
      const ctx = await contextOf(req, options);
      if (ctx.principal.kind === "agent") sessionId = ctx.principal.sessionId;
      if (req.method !== "POST") throw new HttpRefusal(405, "MCP here is stateless: POST JSON-RPC messages to /mcp");
      const self = selfOf(ctx);
      const tier = tierOf(req, self);
      const body = await readJsonBody(req, options.maxBodyBytes);
      await serveMcp({
        req,
        res,
        body,
        server: createMcpServer({ api: callerApi(ctx), self, tier, log }),
      });
    } catch (error) {
      answerFailure(res, error, log);
    }
  };
}

async function serveMcp(opts: {
  req: IncomingMessage;
  res: ServerResponse;
  body: unknown;
  server: ReturnType<typeof createMcpServer>;
}): Promise<void> {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  opts.res.on("close", () => {
    void transport.close();
    void opts.server.close();
  });
  await opts.server.connect(transport);
  await transport.handleRequest(opts.req, opts.res, opts.body);
}

/** Who calls, as for /trpc; the runners' credential has nothing to do here. */
async function contextOf(req: IncomingMessage, options: McpEndpointOptions): Promise<Context> {
  let ctx: Context;
  try {
    ctx = await options.createContext({ req });
  } catch {
    throw new HttpRefusal(401, "missing or wrong token");
  }
  if (ctx.principal.kind === "runner") throw new HttpRefusal(403, "the runner credential may not use MCP");
  return ctx;
}

function selfOf(ctx: Context): McpSelf {
  const principal = ctx.principal;
  return principal.kind === "agent" ? { sessionId: principal.sessionId, projectId: principal.projectId } : null;
}

/** `?tools=core|all`, else the caller's default. */
function tierOf(req: IncomingMessage, self: McpSelf): McpToolTier {
  const asked = new URL(req.url ?? "/", "http://localhost").searchParams.get("tools");
  if (asked === null) return defaultTier(self);
  const parsed = McpToolTier.safeParse(asked);
  if (!parsed.success) throw new HttpRefusal(400, `tools: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

/** Refusals as a JSON-RPC error with the HTTP status; anything else is logged and answered 500. */
function answerFailure(res: ServerResponse, error: unknown, log: (line: string) => void): void {
  const known = error instanceof HttpRefusal || error instanceof BodyError;
  if (!known) log(`internal error in /mcp: ${String(error)}`);
  if (res.headersSent) {
    res.end();
    return;
  }
  const status = known ? error.status : 500;
  const message = known ? error.message : "internal error (details are in the server log)";
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (status === 405) headers.allow = "POST";
  res.writeHead(status, headers).end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}
