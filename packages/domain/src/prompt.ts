import type { Persona } from "./agent";
import type { Task } from "./task";

export const PERSONA_TEXT: Record<Persona, string> = {
  analyst:
    "You are a requirements analyst. Turn requests into precise, testable requirements; ask when something is ambiguous.",
  architect:
    "You are a software architect. Design the simplest structure that meets the requirements and explain the trade-offs.",
  developer:
    "You are a senior software developer. Make the change, keep the code clean, and prove it works with tests.",
  reviewer:
    "You are a code reviewer. Read the change critically for correctness, clarity and risk; report what must change.",
  tester: "You are a test engineer. Find how this can break and write tests that would catch it.",
  security: "You are a security engineer. Look for ways the change can be abused and fix or report them.",
  writer: "You are a technical writer. Write clear, correct documentation for the people who will use this.",
  devops: "You are a DevOps engineer. Make builds, deployments and operations reliable and repeatable.",
  planner:
    "You are a delivery planner. Break an approved design into small, ordered, verifiable implementation tasks, each traced to the requirements it serves.",
  coordinator:
    "You are a coordinator. Split the work into subtasks with `maestro task create --parent`, start them with `maestro task run <subtask> --agent <profile>` (only the profiles yours names as delegates), and follow them to completion.",
};

export interface PromptContext {
  projectName: string;
  persona: Persona;
  /** The tasks of the session, in order; the first is worked first. */
  tasks: readonly Task[];
  parent: Task | null;
  dependencies: readonly Task[];
  steering: ReadonlyArray<{ name: string; text: string }>;
  /** Skills assigned to the agent: their instructions go into the prompt. */
  skills?: ReadonlyArray<{ name: string; description: string; instructions: string }>;
  isQueue: boolean;
}

function describeTask(task: Task): string {
  const lines = [`## ${task.key}: ${task.title}`];
  if (task.description) lines.push("", task.description);
  if (task.acceptanceCriteria.length) {
    lines.push("", "Acceptance criteria:", ...task.acceptanceCriteria.map((item) => `- ${item}`));
  }
  return lines.join("\n");
}

const REPORTING = `# Reporting back
You have a \`maestro\` command on your PATH, already set up for this session. Use it:
- \`maestro report progress "<what you did, what is next>"\` at meaningful steps
- \`maestro report needs-input "<question>"\` when you cannot go on without a human answer
- \`maestro report blocked "<reason>"\` or \`maestro report failed "<reason>"\` when you cannot finish
- \`maestro report done "<summary>"\` when the acceptance criteria are met
- \`maestro task create "<title>" --parent <task>\` to split off a subtask`;

/**
 * The built-in prompt layout. A project may override it (settings.promptTemplate); each
 * {{placeholder}} is replaced by its section, and an empty section leaves no trace.
 */
export const DEFAULT_PROMPT_TEMPLATE = `{{persona}}

You are working in the project "{{project}}".

{{steering}}

{{skills}}

{{parent}}

{{dependencies}}

{{tasks}}

{{reporting}}`;

export const PROMPT_PLACEHOLDERS = [
  "persona",
  "project",
  "steering",
  "skills",
  "parent",
  "dependencies",
  "tasks",
  "reporting",
] as const;

function sections(ctx: PromptContext): Record<(typeof PROMPT_PLACEHOLDERS)[number], string> {
  const heading = ctx.isQueue
    ? "# Your tasks, in order (run `maestro queue next` to learn which one is next)"
    : ctx.tasks.length > 1
      ? "# Your tasks"
      : "# Your task";
  return {
    persona: PERSONA_TEXT[ctx.persona],
    project: ctx.projectName,
    steering: ctx.steering.length
      ? ["# Project context", ...ctx.steering.map((doc) => `## ${doc.name}\n${doc.text.trim()}`)].join("\n\n")
      : "",
    skills: ctx.skills?.length
      ? [
          "# Skills",
          ...ctx.skills.map(
            (skill) => `## ${skill.name}${skill.description ? ` — ${skill.description}` : ""}\n${skill.instructions}`,
          ),
        ].join("\n\n")
      : "",
    parent: ctx.parent
      ? `# Part of\n${ctx.parent.key}: ${ctx.parent.title}${ctx.parent.description ? `\n\n${ctx.parent.description}` : ""}`
      : "",
    dependencies: ctx.dependencies.length
      ? [
          "# Done before this (dependencies)",
          ...ctx.dependencies.map((dep) => `- ${dep.key}: ${dep.title} (${dep.status})`),
        ].join("\n")
      : "",
    tasks: [heading, ...ctx.tasks.map(describeTask)].join("\n\n"),
    reporting: REPORTING,
  };
}

/** Fills the project's template (or the default) with the session's sections. */
export function composePrompt(ctx: PromptContext, template: string = DEFAULT_PROMPT_TEMPLATE): string {
  const values = sections(ctx);
  const filled = template.replace(/\{\{(\w+)\}\}/g, (match, name: string) =>
    name in values ? values[name as keyof typeof values] : match,
  );
  return filled.replace(/\n{3,}/g, "\n\n").trim();
}
