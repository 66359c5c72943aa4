import { type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { DomainError, type McpToolTier, currentTaskIdOf, isDomainError } from "@maestro/domain";
import { TRPCError } from "@trpc/server";
import type { z } from "zod";
import type { McpApi, McpSelf } from "./mcp-api";

export interface ToolContext {
  api: McpApi;
  self: McpSelf;
  /** Where an unexpected failure's cause goes (never to the client). */
  log: (line: string) => void;
}

export interface McpTool {
  name: string;
  tier: McpToolTier;
  register(server: McpServer, ctx: ToolContext): void;
}

/**
 * One tool: its arguments as a zod shape (validated by the SDK, which names a wrong field), and
 * what it does with them. Whatever it returns is sent as JSON; what it throws is a tool error.
 */
export function defineTool<S extends z.ZodRawShape>(tool: {
  name: string;
  tier: McpToolTier;
  description: string;
  input: S;
  readOnly: boolean;
  run(ctx: ToolContext, args: z.infer<z.ZodObject<S>>): Promise<unknown>;
}): McpTool {
  return {
    name: tool.name,
    tier: tool.tier,
    register(server, ctx) {
      // Widened to any shape: the SDK parsed the arguments with `tool.input` before the callback.
      const inputSchema: z.ZodRawShape = tool.input;
      const config = { description: tool.description, inputSchema, annotations: { readOnlyHint: tool.readOnly } };
      server.registerTool(tool.name, config, (args) =>
        toolResult(ctx, () => tool.run(ctx, args as z.infer<z.ZodObject<S>>)),
      );
    },
  };
}

async function toolResult(ctx: ToolContext, run: () => Promise<unknown>): Promise<CallToolResult> {
  try {
    const value = await run();
    return { content: [{ type: "text", text: JSON.stringify(value) }] };
  } catch (error) {
    return { content: [{ type: "text", text: describeToolError(error, ctx.log) }], isError: true };
  }
}

/**
 * A refusal or a bad input keeps the API's own message (it names the rule or the field), with its
 * code; an unexpected failure is logged and answered generically, as the API does.
 */
export function describeToolError(error: unknown, log: (line: string) => void): string {
  if (isDomainError(error)) return `${error.code}: ${error.message}`;
  if (error instanceof TRPCError && error.code === "INTERNAL_SERVER_ERROR") {
    log(`internal error in an MCP tool: ${String(error.cause ?? error)}`);
    return "internal error (details are in the server log)";
  }
  if (error instanceof TRPCError) return `${error.code}: ${error.message}`;
  const code = clientErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${code}: ${message}` : message;
}

/** The tRPC code a client error carries (the HTTP client's TRPCClientError). */
function clientErrorCode(error: unknown): string | undefined {
  const code = (error as { data?: { code?: unknown } } | null)?.data?.code;
  return typeof code === "string" ? code : undefined;
}

/** A missing argument that has no default outside an agent session, named like a schema error. */
export function required(field: string, why: string): DomainError {
  return new DomainError("INVALID_INPUT", `${field}: is required ${why}`, { field });
}

/** `project` as given, else the agent's own project. */
export function projectOf(ctx: ToolContext, project: string | undefined): string {
  const ref = project ?? ctx.self?.projectId;
  if (!ref) throw required("project", "outside an agent session");
  return ref;
}

/** The session a call is about: as given, else the agent's own. */
export function sessionOf(ctx: ToolContext, session: string | undefined): string {
  const ref = session ?? ctx.self?.sessionId;
  if (!ref) throw required("session", "outside an agent session");
  return ref;
}

/** `task` as given, else the task the agent's session is working on now. */
export async function taskOf(ctx: ToolContext, task: string | undefined): Promise<string> {
  if (task) return task;
  if (!ctx.self) throw required("task", "outside an agent session");
  const session = await ctx.api.getSession({ id: ctx.self.sessionId });
  const current = currentTaskIdOf(session);
  if (!current) throw required("task", "(this session has no task)");
  return current;
}
