import type { TaskPriority } from "../task";
import type { ImportWarning, ImportedTask } from "./bundle";
import {
  idFromTitle,
  invalidImport,
  isFence,
  readCheckbox,
  readHeading,
  statusOfMark,
  toLines,
} from "./markdown-lines";
import { linkSpecKitTasks, type SpecKitDraft } from "./spec-kit-order";

/**
 * spec-kit's tasks.md (`- [ ] T012 [P] [US1] Create the model in src/models/user.py`) read line by
 * line into drafts: id, `[P]`, story labels, the phase it sits in, its indented detail lines.
 */

const TASK_ID = /^T\d{1,6}$/i;
const STORY = /^US\d{1,4}$/i;

/** `P1` → high, `P2` → medium, `P3` and later → low: spec-kit's story priorities. */
export function priorityOf(level: number | null): TaskPriority {
  if (level === null) return "medium";
  return level <= 1 ? "high" : level === 2 ? "medium" : "low";
}

/** The `N` of `(Priority: PN)`, or null. */
export function priorityLevel(text: string): number | null {
  const at = text.search(/Priority:/i);
  if (at < 0) return null;
  const match = /^Priority:[ \t]*P(\d{1,3})/i.exec(text.slice(at, at + 20));
  return match ? Number(match[1]) : null;
}

interface Labels {
  id: string | null;
  isParallel: boolean;
  stories: string[];
  title: string;
}

/** Reads `T012 [P] [US1] Title` into its parts, with one cursor so long label runs stay linear. */
function readLabels(rest: string): Labels {
  const space = rest.search(/[ \t]/);
  const first = (space < 0 ? rest : rest.slice(0, space)).replace(/[:.]$/, "");
  const id = TASK_ID.test(first) ? first.toUpperCase() : null;
  let at = id ? first.length : 0;
  const labels: Labels = { id, isParallel: false, stories: [], title: "" };
  for (;;) {
    while (at < rest.length && /[ \t:.]/.test(rest[at]!)) at += 1;
    if (rest[at] !== "[") break;
    const close = rest.indexOf("]", at);
    const names =
      close < 0
        ? []
        : rest
            .slice(at + 1, close)
            .split(",")
            .map((name) => name.trim().toUpperCase());
    const isLabel =
      names.length > 0 && names.every((name) => name === "P" || name.startsWith("P:") || STORY.test(name));
    if (!isLabel) break;
    for (const name of names) {
      if (STORY.test(name)) labels.stories.push(name);
      else labels.isParallel = true;
    }
    at = close + 1;
  }
  labels.title = rest.slice(at).trim();
  return labels;
}

export interface SpecKitTaskContext {
  specSourceId: string;
  /** Story number → its priority level, from spec.md's `### User Story 1 - … (Priority: P1)`. */
  storyPriorities: ReadonlyMap<string, number>;
}

interface ReadState {
  context: SpecKitTaskContext;
  warnings: ImportWarning[];
  drafts: SpecKitDraft[];
  /** Task id → the line it is on. */
  ids: Map<string, number>;
  /** idFromTitle's memory of the suffixes it gave out. */
  suffixes: Map<string, number>;
  phase: string;
  phasePriority: number | null;
  /** Whether a heading came since the last task: it ends a run of `[P]` tasks. */
  hasBreak: boolean;
  inFence: boolean;
  open: SpecKitDraft | null;
}

/**
 * Turns tasks.md into tasks (order: spec-kit-order.ts). Throws naming the line for a task without
 * a description, a duplicate id, or a dependency on itself or a later task.
 */
export function parseSpecKitTasks(
  text: string,
  context: SpecKitTaskContext,
  warnings: ImportWarning[],
): ImportedTask[] {
  const state: ReadState = {
    context,
    warnings,
    drafts: [],
    ids: new Map(),
    suffixes: new Map(),
    phase: "",
    phasePriority: null,
    hasBreak: false,
    inFence: false,
    open: null,
  };
  toLines(text).forEach((raw, index) => readLine(state, raw, index + 1));
  return linkSpecKitTasks(state.drafts, warnings);
}

function readLine(state: ReadState, raw: string, line: number): void {
  const fence = isFence(raw);
  if (fence) state.inFence = !state.inFence;
  if (fence || state.inFence) {
    state.open = null;
    return;
  }
  const heading = readHeading(raw);
  if (heading) {
    state.open = null;
    state.hasBreak = true;
    if (heading.level === 2 || /^phase\b/i.test(heading.text)) {
      state.phase = heading.text;
      state.phasePriority = priorityLevel(heading.text);
    }
    return;
  }
  const checkbox = readCheckbox(raw);
  // An indented checkbox without a T-id under a task is one of its detail lines.
  const isTask = checkbox !== null && (state.open === null || checkbox.indent < 2 || readLabels(checkbox.rest).id);
  if (checkbox && isTask) {
    state.open = addDraft(state, { rest: checkbox.rest, mark: checkbox.mark, line });
  } else if (state.open && (raw.trim() === "" || /^[ \t]/.test(raw))) {
    state.open.details.push(raw.trim());
  } else {
    state.open = null;
  }
}

function addDraft(state: ReadState, source: { rest: string; mark: string; line: number }): SpecKitDraft {
  const labels = readLabels(source.rest);
  const item = `tasks.md line ${source.line}`;
  if (labels.title === "") throw invalidImport("spec-kit", `${item}: the task has no description`);
  let sourceId = labels.id;
  if (sourceId === null) {
    sourceId = idFromTitle(labels.title, state.ids, state.suffixes);
    state.warnings.push({ item, message: `the task has no id (T001); it is ${sourceId}, matched by its title` });
  }
  const first = state.ids.get(sourceId);
  if (first !== undefined) {
    throw invalidImport("spec-kit", `${item}: task id ${sourceId} is used twice (first on line ${first})`);
  }
  state.ids.set(sourceId, source.line);
  const story = labels.stories[0];
  const storyLevel = story ? (state.context.storyPriorities.get(story.slice(2)) ?? null) : null;
  const draft: SpecKitDraft = {
    task: {
      sourceId,
      title: labels.title,
      description: "",
      acceptanceCriteria: [],
      status: statusOfMark(source.mark, `task ${sourceId} (${item})`, state.warnings),
      priority: priorityOf(state.phasePriority ?? storyLevel),
      parentSourceId: null,
      dependsOn: [],
      specSourceId: state.context.specSourceId,
      requirementIds: [...new Set(labels.stories)],
    },
    line: source.line,
    phase: state.phase,
    isParallel: labels.isParallel,
    startsRun: state.hasBreak,
    details: [],
  };
  state.hasBreak = false;
  state.drafts.push(draft);
  return draft;
}
