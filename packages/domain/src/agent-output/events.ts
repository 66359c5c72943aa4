import { z } from "zod";

const Text = z.string().max(16_000);

/** What structured agent output means, whichever tool printed it. */
export const AgentEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("message"), text: Text }),
  z.object({
    type: z.literal("tool_use"),
    tool: z.string().max(200),
    summary: Text,
    /** A command's exit code, once it ran (null while unknown); non-zero means it failed. */
    exitCode: z.number().int().nullable().optional(),
    /** The tail of what the command printed. */
    output: Text.optional(),
  }),
  z.object({ type: z.literal("file_edit"), path: z.string().max(4_000) }),
  z.object({
    type: z.literal("usage"),
    /** What the agent says it cost; null when it reports tokens only (the server then estimates). */
    costUsd: z.number().nullable(),
    /** All input tokens, those read from the provider's prompt cache included. */
    tokensIn: z.number().int(),
    /** Of `tokensIn`, those read from the prompt cache (priced lower by the estimate). */
    tokensCached: z.number().int().min(0).optional(),
    tokensOut: z.number().int(),
    agentSessionId: z.string().max(200).nullable(),
    /** The model the tokens were spent on, when the agent says. */
    model: z.string().max(200).nullable().optional(),
  }),
  z.object({ type: z.literal("usage_limit"), message: Text, resetAt: z.string().nullable() }),
  z.object({ type: z.literal("error"), message: Text }),
  /** Something went wrong but the agent carries on (a tool's warning, a dropped connection it retries). */
  z.object({ type: z.literal("warning"), message: Text }),
  /** Information about the agent's own progress that is neither its work nor a problem. */
  z.object({ type: z.literal("notice"), message: Text }),
]);
export type AgentEvent = z.infer<typeof AgentEvent>;
