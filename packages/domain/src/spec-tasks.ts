import { z } from "zod";
import { findCycle } from "./graph";
import { MAX_SPEC_DOCUMENT_CHARS, oversizeMessage } from "./spec-size";

/** One checkbox item of tasks.md, with its sub-items. */
export interface TaskPlanItem {
  /** `1`, `1.2`, … as written. */
  number: string;
  title: string;
  /** The indented detail lines, without the metadata lines. */
  description: string;
  isDone: boolean;
  requirementIds: string[];
  /** Item numbers this item waits for. */
  dependsOn: string[];
  /** 1-based line of the checkbox. */
  line: number;
  children: TaskPlanItem[];
}

export const TaskPlanIssue = z.object({ line: z.number().int(), message: z.string() });
export type TaskPlanIssue = z.infer<typeof TaskPlanIssue>;

export const TaskPlanItemSchema: z.ZodType<TaskPlanItem> = z.lazy(() =>
  z.object({
    number: z.string(),
    title: z.string(),
    description: z.string(),
    isDone: z.boolean(),
    requirementIds: z.array(z.string()),
    dependsOn: z.array(z.string()),
    line: z.number().int(),
    children: z.array(TaskPlanItemSchema),
  }),
);

export interface TaskPlan {
  items: TaskPlanItem[];
  errors: TaskPlanIssue[];
  /** Set when the dependencies form a cycle: the item numbers along it, first repeated last. */
  cycle: string[] | null;
}

// Linear on any line: no quantifier may give back what a later one can take (`\s*(.*)$` is
// quadratic on a line ending in a U+2028); the rest of a line is taken whole and trimmed in code.
const CHECKBOX = /^(\s*)[-*] \[([^\]]?)\]([^]*)/;
const NUMBERED = /^(\d+(?:\.\d+)*)\.?\s+(\S[^]*)/;
const META = /^(?:[-*]\s+)?_?(Requirements?|Depends(?: on)?)\s*:([^]*)/i;
const ITEM_NUMBER = /^\d+(?:\.\d+)*$/;

interface Open {
  item: TaskPlanItem;
  indent: number;
  details: string[];
}

function splitList(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((part) => part.trim().replace(/\.$/, ""))
    .filter(Boolean);
}

/** `1, 2_` → `1, 2`: the closing mark of `_Requirements: 1, 2_`. */
function stripClosingUnderscore(text: string): string {
  const value = text.trim();
  return value.endsWith("_") ? value.slice(0, -1) : value;
}

function indentOf(whitespace: string): number {
  return whitespace.replace(/\t/g, "    ").length;
}

/**
 * Parses a tasks.md checkbox list (`- [ ] 1. Title`, nested `- [ ] 1.1 Sub`, indented detail
 * lines, `_Requirements: 1.2_`, `_Depends: 2_`, `[x]` = done) into a tree. Problems come back
 * as line-numbered errors rather than exceptions, so an editor can show them all.
 */
export function parseTasksMarkdown(text: string): TaskPlan {
  if (text.length > MAX_SPEC_DOCUMENT_CHARS) {
    return { items: [], errors: [{ line: 1, message: oversizeMessage("tasks.md", text) }], cycle: null };
  }
  const errors: TaskPlanIssue[] = [];
  const roots: TaskPlanItem[] = [];
  const stack: Open[] = [];
  const close = (open: Open) => {
    open.item.description = open.details.join("\n").trim();
  };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const checkbox = CHECKBOX.exec(raw);
    if (checkbox) {
      const indent = indentOf(checkbox[1]!);
      while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) close(stack.pop()!);
      const item = parseCheckbox(checkbox[2]!, checkbox[3]!, line, errors);
      if (!item) return;
      const parent = stack[stack.length - 1]?.item;
      checkNumber(item, parent, errors);
      (parent ? parent.children : roots).push(item);
      stack.push({ item, indent, details: [] });
      return;
    }
    if (raw.trim() === "") {
      stack[stack.length - 1]?.details.push("");
      return;
    }
    const indent = indentOf(/^\s*/.exec(raw)![0]);
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) close(stack.pop()!);
    const owner = stack[stack.length - 1];
    if (!owner) return; // headings and prose outside the list
    const meta = META.exec(raw.trim());
    if (!meta) {
      owner.details.push(raw.trim());
      return;
    }
    const values = splitList(stripClosingUnderscore(meta[2]!));
    for (const value of values) {
      if (!ITEM_NUMBER.test(value)) errors.push({ line, message: `"${value}" is not a number like 1 or 2.3` });
    }
    const target = /^req/i.test(meta[1]!) ? owner.item.requirementIds : owner.item.dependsOn;
    target.push(...values.filter((value) => ITEM_NUMBER.test(value) && !target.includes(value)));
  });
  while (stack.length > 0) close(stack.pop()!);
  const cycle = checkDependencies(roots, errors);
  errors.sort((a, b) => a.line - b.line);
  return { items: roots, errors, cycle };
}

function parseCheckbox(mark: string, rest: string, line: number, errors: TaskPlanIssue[]): TaskPlanItem | null {
  if (!/^[ xX]$/.test(mark)) {
    errors.push({ line, message: `checkbox "[${mark}]" must be "[ ]" (to do) or "[x]" (done)` });
    return null;
  }
  const numbered = NUMBERED.exec(rest.trim());
  if (!numbered) {
    errors.push({
      line,
      message: `a task needs a number and a title, e.g. "- [ ] 1. Set up the database" (got "${rest.trim()}")`,
    });
    return null;
  }
  return {
    number: numbered[1]!,
    title: numbered[2]!.trim(),
    description: "",
    isDone: mark !== " ",
    requirementIds: [],
    dependsOn: [],
    line,
    children: [],
  };
}

function checkNumber(item: TaskPlanItem, parent: TaskPlanItem | undefined, errors: TaskPlanIssue[]): void {
  const parentNumber = item.number.split(".").slice(0, -1).join(".");
  if (parent && parentNumber !== parent.number) {
    errors.push({
      line: item.line,
      message: `sub-task ${item.number} is under task ${parent.number}; number it ${parent.number}.N`,
    });
  } else if (!parent && parentNumber !== "") {
    errors.push({
      line: item.line,
      message: `task ${item.number} looks like a sub-task but is not indented under task ${parentNumber}`,
    });
  }
}

/** Every item of the tree, parents before their children. */
export function flattenTaskPlan(items: readonly TaskPlanItem[]): TaskPlanItem[] {
  return items.flatMap((item) => [item, ...flattenTaskPlan(item.children)]);
}

/** Duplicate numbers, unknown or self dependencies, dependencies on an ancestor, cycles. */
function checkDependencies(roots: TaskPlanItem[], errors: TaskPlanIssue[]): string[] | null {
  const all = flattenTaskPlan(roots);
  const byNumber = new Map<string, TaskPlanItem>();
  for (const item of all) {
    const first = byNumber.get(item.number);
    if (first) {
      errors.push({
        line: item.line,
        message: `task number ${item.number} is used twice (first on line ${first.line})`,
      });
    } else byNumber.set(item.number, item);
  }
  for (const item of all) {
    for (const dep of item.dependsOn) {
      if (!byNumber.has(dep)) {
        errors.push({ line: item.line, message: `task ${item.number} depends on ${dep}, which is not in the list` });
      } else if (item.number.startsWith(`${dep}.`)) {
        errors.push({ line: item.line, message: `task ${item.number} cannot depend on ${dep}: it is part of it` });
      }
    }
  }
  const cycle = findCycle(all.map((item) => ({ id: item.number, dependsOn: item.dependsOn })));
  if (cycle) {
    const line = byNumber.get(cycle[0]!)?.line ?? 1;
    errors.push({ line, message: `dependency cycle: ${cycle.join(" → ")}` });
  }
  return cycle;
}

/** Sets or clears the checkbox of item `number`; returns the text unchanged when it is not there. */
export function setTaskChecked(text: string, number: string, isDone: boolean): string {
  const lines = text.split("\n");
  const index = lines.findIndex((raw) => {
    const checkbox = CHECKBOX.exec(raw);
    return checkbox !== null && NUMBERED.exec(checkbox[3]!.trim())?.[1] === number;
  });
  if (index < 0) return text;
  lines[index] = lines[index]!.replace(/\[[ xX]\]/, isDone ? "[x]" : "[ ]");
  return lines.join("\n");
}

/** Whether two versions differ only in which boxes are ticked. */
export function isCheckboxOnlyChange(before: string, after: string): boolean {
  const untick = (text: string) => text.replace(/^([ \t]*[-*] )\[[xX]\]/gm, "$1[ ]");
  return before !== after && untick(before) === untick(after);
}
