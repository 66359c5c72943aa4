import type { AgentAdapter } from "./agent";
import { DomainError } from "./errors";

/** The one placeholder a custom command may hold: the path of the session's prompt file. */
export const PROMPT_FILE_PLACEHOLDER = "{promptFile}";
/** Refused: it put the prompt itself in argv, where `ps` shows it and a shell could run it. */
const PROMPT_PLACEHOLDER = "{prompt}";

const hasPlaceholder = (part: string) => part.includes(PROMPT_FILE_PLACEHOLDER) || part.includes(PROMPT_PLACEHOLDER);

/** What a profile's launch template is made of, as stored or as about to be stored. */
export interface LaunchTemplate {
  name: string;
  adapter: AgentAdapter;
  command: readonly string[] | null;
  args: readonly string[];
}

function refuse(field: "command" | "args", message: string): never {
  throw new DomainError("INVALID_INPUT", message, { field });
}

function assertCommandPart(template: LaunchTemplate, part: string): void {
  const shown = JSON.stringify(part);
  if (part.includes(PROMPT_PLACEHOLDER)) {
    refuse(
      "command",
      `agent ${template.name}: command element ${shown} uses {prompt}, which is no longer supported: prompts never go ` +
        `in argv. Every agent reads its prompt on stdin; to get a file instead, use {promptFile} as an element of its own`,
    );
  }
  if (template.adapter !== "custom") {
    refuse(
      "command",
      `agent ${template.name}: command element ${shown} has a placeholder, but a ${template.adapter} profile's ` +
        `command is only the tool's executable (the tool gets its prompt by itself)`,
    );
  }
  if (part !== PROMPT_FILE_PLACEHOLDER) {
    refuse(
      "command",
      `agent ${template.name}: command element ${shown} embeds {promptFile} in a larger string; ` +
        `it must be an element of its own (write "--file", "{promptFile}", not "--file={promptFile}")`,
    );
  }
}

/**
 * Placeholders are filled only as whole argv elements of a custom command, and only
 * `{promptFile}`: a path Maestro chose, never text another program could read as code or
 * options (as `sh -c 'agent {prompt}'` could). `args` are passed as they are, so a placeholder
 * there would reach the agent as literal text: refused, naming the field and the element.
 */
export function assertLaunchTemplate(template: LaunchTemplate): void {
  for (const part of template.command ?? []) {
    if (hasPlaceholder(part)) assertCommandPart(template, part);
  }
  const arg = template.args.find(hasPlaceholder);
  if (arg !== undefined) {
    refuse(
      "args",
      `agent ${template.name}: args element ${JSON.stringify(arg)} has a placeholder; args are passed as they are ` +
        `(a custom agent puts {promptFile} in its command; every agent also reads its prompt on stdin)`,
    );
  }
}
