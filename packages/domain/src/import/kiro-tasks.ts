import type { ImportWarning, ImportedTask } from "./bundle";
import { type KiroDraft, orderKiroDrafts } from "./kiro-order";
import {
  type CheckboxLine,
  idFromTitle,
  invalidImport,
  isFence,
  readCheckbox,
  readHeading,
  statusOfMark,
  toLines,
  trimEnds,
} from "./markdown-lines";

/**
 * Kiro's tasks.md (`- [ ] 1. Title`, `- [ ] 1.1 Sub`, `- [ ]* 1.2 Optional`, indented detail
 * bullets, `_Requirements: 1.1, 2.3_`) as tasks. `1.2` is a subtask of `1` whether or not Kiro
 * indented it. Kiro works through the plan one task at a time, in order, so each task without
 * subtasks waits for the previous required one; an optional task holds nothing up. Maestro's own
 * `_Depends: 2_` lines are honoured and must point at an earlier task.
 */

const NUMBER = /^\d{1,6}(?:\.\d{1,6}){0,5}$/;

interface ReadState {
  feature: string;
  warnings: ImportWarning[];
  drafts: KiroDraft[];
  byLocal: Map<string, KiroDraft>;
  /** idFromTitle's memory of the suffixes it gave out. */
  suffixes: Map<string, number>;
  open: KiroDraft | null;
  inFence: boolean;
}

/** `1.1, 2.3_` → `["1.1", "2.3"]`; words (`Requirements`, `and`) skipped, anything else reported. */
function numbersIn(text: string, item: string, warnings: ImportWarning[]): string[] {
  const numbers: string[] = [];
  const others: string[] = [];
  for (const part of text.split(/[\s,;]+/)) {
    const token = trimEnds(part, "_*().:");
    if (token === "" || /^(?:requirements?|and|depends|on)$/i.test(token)) continue;
    (NUMBER.test(token) ? numbers : others).push(token);
  }
  if (others.length > 0) {
    // One warning per line, however many odd words it holds, each shown short.
    const shown = others.slice(0, 3).map((token) => `"${token.length > 40 ? `${token.slice(0, 40)}…` : token}"`);
    const more = others.length > 3 ? ` and ${others.length - 3} more` : "";
    const verb = others.length === 1 ? "is not a number" : "are not numbers";
    warnings.push({ item, message: `${shown.join(", ")}${more} ${verb} like 1 or 2.3; left out` });
  }
  return [...new Set(numbers)];
}

/** Whether a detail line is metadata (`_Requirements: …_`, `_Depends: …_`, `**Validates: Requirements …**`). */
function readMeta(
  draft: KiroDraft,
  text: string,
  env: { item: string; line: number; warnings: ImportWarning[] },
): boolean {
  const body = text.replace(/^[-*+][ \t]+/, "").replace(/^[_*]+/, "");
  const colon = body.indexOf(":");
  const label = colon < 0 ? "" : body.slice(0, colon).trim().toLowerCase();
  const { item } = env;
  if (label === "requirements" || label === "requirement") {
    for (const id of numbersIn(body.slice(colon + 1), item, env.warnings)) draft.task.requirementIds.push(id);
    return true;
  }
  if (label === "depends" || label === "depends on") {
    draft.dependsOn.push({ refs: numbersIn(body.slice(colon + 1), item, env.warnings), line: env.line });
    return true;
  }
  if (label === "validates") {
    for (const id of numbersIn(body.slice(colon + 1), item, env.warnings)) draft.task.requirementIds.push(id);
  }
  return false;
}

/** `2.1`'s parent is `2`; a top-level number has none; an unnumbered task sits under the task it is indented below. */
function parentOf(state: ReadState, number: string | null, indent: number): KiroDraft | null {
  if (number !== null && number.includes(".")) {
    return state.byLocal.get(number.slice(0, number.lastIndexOf("."))) ?? null;
  }
  if (number !== null) return null;
  let at = state.open;
  while (at && at.indent >= indent) at = at.parent;
  return at;
}

/** `2.1 Title` → number `2.1` and the title; no number → null. */
function readNumbered(rest: string): { number: string | null; title: string } {
  const space = rest.search(/[ \t]/);
  const first = (space < 0 ? rest : rest.slice(0, space)).replace(/\.$/, "");
  if (!NUMBER.test(first)) return { number: null, title: rest };
  return { number: first, title: space < 0 ? "" : rest.slice(space).trim() };
}

/** Refuses a number used twice; finds the parent, reporting a sub-task whose parent is missing. */
function placeDraft(state: ReadState, at: { number: string | null; local: string; indent: number; item: string }) {
  const earlier = state.byLocal.get(at.local);
  if (earlier) {
    throw invalidImport("kiro", `${at.item}: task number ${at.local} is used twice (first on line ${earlier.line})`);
  }
  const parent = parentOf(state, at.number, at.indent);
  if (at.number?.includes(".") && !parent) {
    const message = `task ${at.number} has no parent task in the list; imported as a top-level task`;
    state.warnings.push({ item: at.item, message });
  }
  return parent;
}

function addDraft(state: ReadState, checkbox: CheckboxLine, line: number): KiroDraft {
  const item = `${state.feature}/tasks.md line ${line}`;
  const { number, title } = readNumbered(checkbox.rest);
  if (title === "") throw invalidImport("kiro", `${item}: the task has no title`);
  const local = number ?? idFromTitle(title, state.byLocal, state.suffixes);
  if (number === null) state.warnings.push({ item, message: `the task has no number; it is ${local}` });
  const parent = placeDraft(state, { number, local, indent: checkbox.indent, item });
  const sourceId = `${state.feature}/${local}`;
  const draft: KiroDraft = {
    task: {
      sourceId,
      title,
      description: "",
      acceptanceCriteria: [],
      status: statusOfMark(checkbox.mark, item, state.warnings),
      priority: checkbox.isOptional ? "low" : "medium",
      parentSourceId: parent?.task.sourceId ?? null,
      dependsOn: [],
      specSourceId: state.feature,
      requirementIds: [],
      ...(number === null ? {} : { specItem: number }),
    },
    local,
    line,
    indent: checkbox.indent,
    parent,
    isOptional: checkbox.isOptional,
    details: [],
    dependsOn: [],
  };
  state.byLocal.set(local, draft);
  state.drafts.push(draft);
  return draft;
}

function readLine(state: ReadState, raw: string, line: number): void {
  const fence = isFence(raw);
  if (fence) state.inFence = !state.inFence;
  if (fence || state.inFence) {
    state.open?.details.push(raw.trim());
    return;
  }
  const checkbox = readCheckbox(raw);
  if (checkbox) {
    state.open = addDraft(state, checkbox, line);
  } else if (readHeading(raw) || (raw.trim() !== "" && !/^[ \t]/.test(raw))) {
    state.open = null;
  } else if (
    state.open &&
    !readMeta(state.open, raw.trim(), {
      item: `${state.feature}/tasks.md line ${line}`,
      line,
      warnings: state.warnings,
    })
  ) {
    state.open.details.push(raw.trim());
  }
}

/**
 * Reads a spec's tasks.md; `feature` is the spec's sourceId and prefixes every task's (`photo-albums/2.1`).
 * Throws naming the line for a task without a title, a number used twice, a dependency on itself or a later task.
 */
export function parseKiroTasks(text: string, feature: string, warnings: ImportWarning[]): ImportedTask[] {
  const state: ReadState = {
    feature,
    warnings,
    drafts: [],
    byLocal: new Map(),
    suffixes: new Map(),
    open: null,
    inFence: false,
  };
  toLines(text).forEach((raw, index) => readLine(state, raw, index + 1));
  orderKiroDrafts(state.drafts, { feature, byLocal: state.byLocal, warnings });
  return state.drafts.map((draft) => draft.task);
}
