import {
  type AgentAdapter,
  type AgentProfile,
  CREDENTIAL_ENV,
  type CreateAgentInput,
  type NetworkMode,
  type Persona,
  type Sandbox,
  type UpdateAgentInput,
  accountOf,
} from "@maestro/domain";

/** The agent dialog's fields, as typed: lists are one item per line, env names split on spaces or commas. */
export interface AgentForm {
  name: string;
  adapter: AgentAdapter;
  model: string;
  command: string;
  args: string;
  envAllowlist: string;
  persona: Persona;
  maxConcurrent: string;
  /** Profiles its sessions may start on their own subtasks, split on spaces or commas. */
  delegates: string;
  sandbox: Sandbox;
  network: NetworkMode;
  /** Empty: derived from the adapter and credential variables (see derivedAccount). */
  account: string;
  /** Expected memory of one session in MiB; empty: learned from its sessions. */
  memoryMb: string;
}

export const EMPTY_AGENT_FORM: AgentForm = {
  name: "",
  adapter: "custom",
  model: "",
  command: "",
  args: "",
  envAllowlist: "",
  persona: "developer",
  maxConcurrent: "",
  delegates: "",
  sandbox: "none",
  network: "on",
  account: "",
  memoryMb: "",
};

export function toAgentForm(profile: AgentProfile): AgentForm {
  return {
    name: profile.name,
    adapter: profile.adapter,
    model: profile.model ?? "",
    command: (profile.command ?? []).join("\n"),
    args: profile.args.join("\n"),
    envAllowlist: profile.envAllowlist.join(", "),
    persona: profile.persona,
    maxConcurrent: profile.maxConcurrent === null ? "" : String(profile.maxConcurrent),
    delegates: profile.delegates.join(", "),
    sandbox: profile.sandbox,
    network: profile.network,
    account: profile.account ?? "",
    memoryMb: profile.memoryMb === null ? "" : String(profile.memoryMb),
  };
}

/** One argv element per non-blank line; spaces inside a line are kept (no shell splitting). */
export function splitLines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.replace(/\r$/, ""))
    .filter((line) => line.trim() !== "");
}

export function splitNames(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** Empty means "no limit"; anything else must be a whole number (the server checks the range). */
export function parseMaxConcurrent(text: string): { value: number | null } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { value: null };
  const value = Number(trimmed);
  return Number.isInteger(value)
    ? { value }
    : { error: "maxConcurrent: must be a whole number, or empty for no limit" };
}

function sharedFields(form: AgentForm, maxConcurrent: number | null) {
  return {
    model: form.model.trim() || null,
    args: splitLines(form.args),
    envAllowlist: splitNames(form.envAllowlist),
    persona: form.persona,
    maxConcurrent,
    delegates: splitNames(form.delegates),
    sandbox: form.sandbox,
    // Without a sandbox the network cannot be cut: the server refuses "off" then.
    network: form.sandbox === "none" ? ("on" as const) : form.network,
    account: form.account.trim() || null,
    // Empty clears it (learned again); the server checks the range and names the field.
    memoryMb: form.memoryMb.trim() === "" ? null : Number(form.memoryMb),
  };
}

/**
 * The account the profile has with the Account field left empty, as the server derives it: a new
 * profile with no variables listed passes its tool's credential variables, an edited one passes none.
 */
export function derivedAccount(form: AgentForm, isEditing: boolean): string {
  const listed = splitNames(form.envAllowlist);
  const envAllowlist = listed.length > 0 || isEditing ? listed : [...CREDENTIAL_ENV[form.adapter]];
  return accountOf({ name: form.name.trim(), adapter: form.adapter, envAllowlist, account: null });
}

/** `custom` needs an argv template; the tool adapters may name another executable; `shell` runs the task's command. */
export function usesCommand(adapter: AgentForm["adapter"]): boolean {
  return adapter !== "shell";
}

export function toCreateInput(form: AgentForm, maxConcurrent: number | null): CreateAgentInput {
  const command = splitLines(form.command);
  const { envAllowlist, ...shared } = sharedFields(form, maxConcurrent);
  return {
    name: form.name.trim(),
    adapter: form.adapter,
    ...shared,
    // Left empty, a new profile passes its tool's credential variables (the server's default).
    ...(envAllowlist.length > 0 ? { envAllowlist } : {}),
    command: usesCommand(form.adapter) && command.length > 0 ? command : null,
  };
}

export function toUpdateInput(form: AgentForm, maxConcurrent: number | null): UpdateAgentInput {
  const command = splitLines(form.command);
  return {
    name: form.name,
    ...sharedFields(form, maxConcurrent),
    ...(usesCommand(form.adapter) ? { command: command.length > 0 ? command : null } : {}),
  };
}

/** Until when a usage limit pauses a profile's account: a date too, as a pause may last days. */
export function pauseLabel(pausedUntil: string): string {
  return `paused until ${new Date(pausedUntil).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
