import { z } from "zod";
import { DomainError } from "./errors";
import { Timestamp, oneOf } from "./common";

export const AGENT_ADAPTERS = ["claude-code", "codex", "gemini", "aider", "opencode", "custom", "shell"] as const;
export const AgentAdapter = oneOf(AGENT_ADAPTERS);
export type AgentAdapter = z.infer<typeof AgentAdapter>;

export const PERSONAS = [
  "analyst",
  "architect",
  "developer",
  "reviewer",
  "tester",
  "security",
  "writer",
  "devops",
  "coordinator",
  "planner",
] as const;
export const Persona = oneOf(PERSONAS);
export type Persona = z.infer<typeof Persona>;

/** How each adapter's output is read: structured events, or plain text lines. */
export type OutputFormat = "claude-stream-json" | "codex-json" | "text";

const AGENT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** An agent profile's name, as a profile is created with it and as tasks, projects and sessions name one. */
export const AgentName = z
  .string()
  .trim()
  .regex(AGENT_NAME, "must be 1-64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");

export const AgentProfile = z.object({
  name: z.string(),
  adapter: AgentAdapter,
  model: z.string().nullable(),
  args: z.array(z.string()),
  /**
   * For `custom`: the argv template, with `{prompt}` and `{promptFile}` placeholders. For the
   * other adapters: what runs in place of the tool's own name (e.g. `["/opt/claude/bin/claude"]`).
   */
  command: z.array(z.string()).nullable(),
  permissionMode: z.string().nullable(),
  /** Names of server environment variables passed through to the agent; nothing else is. */
  envAllowlist: z.array(z.string()),
  skills: z.array(z.string()),
  persona: Persona,
  maxConcurrent: z.number().int().nullable(),
  builtIn: z.boolean(),
  createdAt: Timestamp.nullable(),
  updatedAt: Timestamp.nullable(),
});
export type AgentProfile = z.infer<typeof AgentProfile>;

const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");

export const CreateAgentInput = z
  .object({
    name: AgentName,
    adapter: AgentAdapter,
    model: z.string().trim().min(1).max(200).nullable().default(null),
    args: z.array(z.string().max(4_000)).max(100).default([]),
    command: z.array(z.string().max(4_000)).min(1, "must not be empty").max(100).nullable().default(null),
    permissionMode: z.string().trim().min(1).max(100).nullable().default(null),
    envAllowlist: z.array(EnvName).max(100).default([]),
    skills: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
    persona: Persona.default("developer"),
    maxConcurrent: z.number().int().min(1).max(64).nullable().default(null),
  })
  .refine((input) => input.adapter !== "custom" || input.command !== null, {
    path: ["command"],
    message: 'is required for the custom adapter: an argv template such as ["./agent.sh", "{promptFile}"]',
  });
export type CreateAgentInput = z.input<typeof CreateAgentInput>;

export const UpdateAgentInput = z.object({
  name: AgentName,
  model: z.string().trim().min(1).max(200).nullable().optional(),
  args: z.array(z.string().max(4_000)).max(100).optional(),
  command: z.array(z.string().max(4_000)).min(1).max(100).nullable().optional(),
  permissionMode: z.string().trim().min(1).max(100).nullable().optional(),
  envAllowlist: z.array(EnvName).max(100).optional(),
  skills: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
  persona: Persona.optional(),
  maxConcurrent: z.number().int().min(1).max(64).nullable().optional(),
});
export type UpdateAgentInput = z.input<typeof UpdateAgentInput>;

export const AgentRefInput = z.object({ name: AgentName });
export type AgentRefInput = z.infer<typeof AgentRefInput>;

function builtIn(name: string, adapter: AgentAdapter): AgentProfile {
  return {
    name,
    adapter,
    model: null,
    args: [],
    command: null,
    permissionMode: null,
    envAllowlist: [],
    skills: [],
    persona: "developer",
    maxConcurrent: null,
    builtIn: true,
    createdAt: null,
    updatedAt: null,
  };
}

/** One ready-made profile per adapter (`custom` needs a command, so it has none). */
export const BUILT_IN_AGENTS: readonly AgentProfile[] = [
  builtIn("claude-code", "claude-code"),
  builtIn("codex", "codex"),
  builtIn("gemini", "gemini"),
  builtIn("aider", "aider"),
  builtIn("opencode", "opencode"),
  builtIn("shell", "shell"),
];

export interface LaunchContext {
  prompt: string;
  promptFile: string;
  /** The task's `command`, for the shell adapter. */
  command: string | null;
}

export interface LaunchSpec {
  argv: string[];
  output: OutputFormat;
}

/**
 * The argv that runs an agent non-interactively, the way each tool is meant to be scripted.
 * Always an argv array: nothing here is ever joined into a shell string.
 */
export function buildLaunch(profile: AgentProfile, ctx: LaunchContext): LaunchSpec {
  const model = (flag: string) => (profile.model ? [flag, profile.model] : []);
  // A built-in adapter's executable can be replaced (another install, a wrapper); its flags stay.
  const tool = (name: string) => (profile.command?.length ? profile.command : [name]);
  switch (profile.adapter) {
    case "claude-code":
      return {
        argv: [
          ...tool("claude"),
          "-p",
          ctx.prompt,
          "--output-format",
          "stream-json",
          "--verbose",
          ...model("--model"),
          ...(profile.permissionMode ? ["--permission-mode", profile.permissionMode] : []),
          ...profile.args,
        ],
        output: "claude-stream-json",
      };
    case "codex":
      return {
        argv: [...tool("codex"), "exec", "--json", ...model("--model"), ...profile.args, ctx.prompt],
        output: "codex-json",
      };
    case "gemini":
      return {
        argv: [...tool("gemini"), ...model("--model"), ...profile.args, "--prompt", ctx.prompt],
        output: "text",
      };
    case "aider":
      return {
        argv: [
          ...tool("aider"),
          "--yes-always",
          "--no-pretty",
          ...model("--model"),
          ...profile.args,
          "--message",
          ctx.prompt,
        ],
        output: "text",
      };
    case "opencode":
      return { argv: [...tool("opencode"), "run", ...model("--model"), ...profile.args, ctx.prompt], output: "text" };
    case "custom": {
      if (!profile.command?.length) {
        throw new DomainError("INVALID_INPUT", `agent ${profile.name} has no command`, { field: "command" });
      }
      const fill = (part: string) => part.replaceAll("{prompt}", ctx.prompt).replaceAll("{promptFile}", ctx.promptFile);
      return { argv: [...profile.command.map(fill), ...profile.args], output: "text" };
    }
    case "shell":
      if (!ctx.command) {
        throw new DomainError(
          "INVALID_INPUT",
          "the shell agent runs the task's command, and this task has none (set it with --command)",
          {
            field: "command",
          },
        );
      }
      // The user wrote a shell command on purpose; it is handed to sh as one argv element.
      return { argv: ["sh", "-c", ctx.command, ...profile.args], output: "text" };
  }
}
