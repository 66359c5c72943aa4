import { z } from "zod";
import { Timestamp, oneOf } from "./common";
import { PageLimit } from "./page";

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

const AGENT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** An agent profile's name, as a profile is created with it and as tasks, projects and sessions name one. */
export const AgentName = z
  .string()
  .trim()
  .regex(AGENT_NAME, "must be 1-64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");

export const SANDBOXES = ["none", "bwrap"] as const;
/** How an agent's process is confined: not at all (it runs as you), or under bubblewrap. */
export const Sandbox = oneOf(SANDBOXES);
export type Sandbox = z.infer<typeof Sandbox>;

export const NETWORK_MODES = ["on", "off"] as const;
/** Whether a sandboxed agent reaches the network (Maestro itself stays reachable either way). */
export const NetworkMode = oneOf(NETWORK_MODES);
export type NetworkMode = z.infer<typeof NetworkMode>;

/** An unsandboxed agent runs as its user, with its user's network: only bwrap can cut it. */
export const NETWORK_NEEDS_SANDBOX =
  'can be off only with sandbox "bwrap" (an agent outside a sandbox keeps the network)';

export const AgentProfile = z.object({
  name: z.string(),
  adapter: AgentAdapter,
  model: z.string().nullable(),
  args: z.array(z.string()),
  /**
   * For `custom`: the argv template, with `{promptFile}` as a whole element (see launch-template). For the
   * other adapters: what runs in place of the tool's own name (e.g. `["/opt/claude/bin/claude"]`).
   */
  command: z.array(z.string()).nullable(),
  permissionMode: z.string().nullable(),
  /** Names of server environment variables passed through to the agent; nothing else is. */
  envAllowlist: z.array(z.string()),
  skills: z.array(z.string()),
  persona: Persona,
  maxConcurrent: z.number().int().nullable(),
  /** Profiles a session of this one may start, on its own subtasks only (orchestrators). */
  delegates: z.array(z.string()),
  sandbox: Sandbox,
  network: NetworkMode,
  /**
   * The account its usage counts against: a usage limit pauses every profile of the same account.
   * Null: profiles of the same adapter with the same credential variables share one.
   */
  account: z.string().nullable(),
  /** Expected memory footprint of one session in MiB; null: learned from recent sessions' peak RSS. */
  memoryMb: z.number().int().nullable(),
  builtIn: z.boolean(),
  createdAt: Timestamp.nullable(),
  updatedAt: Timestamp.nullable(),
});
export type AgentProfile = z.infer<typeof AgentProfile>;

/** An account name groups profiles whose usage counts against one allowance (`--account`). */
export const AccountName = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be letters, digits, '.', '_' or '-'");
/** Expected memory of one session, MiB: at least 16, at most 1 TiB. */
export const MemoryMb = z.number().int().min(16).max(1_048_576);

const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");

export const CreateAgentInput = z
  .object({
    name: AgentName,
    adapter: AgentAdapter,
    model: z.string().trim().min(1).max(200).nullable().default(null),
    args: z.array(z.string().max(4_000)).max(100).default([]),
    command: z.array(z.string().max(4_000)).min(1, "must not be empty").max(100).nullable().default(null),
    permissionMode: z.string().trim().min(1).max(100).nullable().default(null),
    /** Unset: the variables its tool reads its credentials from (CREDENTIAL_ENV). */
    envAllowlist: z.array(EnvName).max(100).optional(),
    skills: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
    persona: Persona.default("developer"),
    maxConcurrent: z.number().int().min(1).max(64).nullable().default(null),
    delegates: z.array(AgentName).max(50).default([]),
    sandbox: Sandbox.default("none"),
    network: NetworkMode.default("on"),
    account: AccountName.nullable().default(null),
    memoryMb: MemoryMb.nullable().default(null),
  })
  .refine((input) => input.adapter !== "custom" || input.command !== null, {
    path: ["command"],
    message: 'is required for the custom adapter: an argv template such as ["./agent.sh", "{promptFile}"]',
  })
  .refine((input) => input.network === "on" || input.sandbox === "bwrap", {
    path: ["network"],
    message: NETWORK_NEEDS_SANDBOX,
  })
  .transform((input) => ({ ...input, envAllowlist: input.envAllowlist ?? [...CREDENTIAL_ENV[input.adapter]] }));
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
  delegates: z.array(AgentName).max(50).optional(),
  sandbox: Sandbox.optional(),
  network: NetworkMode.optional(),
  account: AccountName.nullable().optional(),
  memoryMb: MemoryMb.nullable().optional(),
});
export type UpdateAgentInput = z.input<typeof UpdateAgentInput>;

export const AgentRefInput = z.object({ name: AgentName });
export type AgentRefInput = z.infer<typeof AgentRefInput>;

/** Profiles (built-in and stored) by name, a page at a time; the cursor is the last name given. */
export const ListAgentsInput = z
  .object({
    limit: PageLimit,
    cursor: z.string().regex(AGENT_NAME, "must be the nextCursor of a previous page").nullish(),
  })
  .prefault({});
export type ListAgentsInput = z.input<typeof ListAgentsInput>;

/**
 * The variables each tool reads its model credentials and endpoint from: what a profile passes
 * through unless it lists its own, so an agent works with the key its user already has. (A
 * profile that lists its own chooses: e.g. a subscription token and not an API key.)
 */
export const CREDENTIAL_ENV: Record<AgentAdapter, readonly string[]> = {
  "claude-code": ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "CLAUDE_CODE_OAUTH_TOKEN"],
  codex: ["OPENAI_API_KEY", "CODEX_HOME"],
  gemini: ["GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GEMINI_BASE_URL"],
  aider: ["ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY", "OPENROUTER_API_KEY"],
  opencode: ["ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY", "OPENROUTER_API_KEY"],
  custom: [],
  shell: [],
};

function builtIn(name: string, adapter: AgentAdapter): AgentProfile {
  return {
    name,
    adapter,
    model: null,
    args: [],
    command: null,
    permissionMode: null,
    envAllowlist: [...CREDENTIAL_ENV[adapter]],
    skills: [],
    persona: "developer",
    maxConcurrent: null,
    delegates: [],
    sandbox: "none",
    network: "on",
    account: null,
    memoryMb: null,
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
