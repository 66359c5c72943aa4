import type { ImportWarning, ImportedTask } from "./bundle";
import { invalidImport, missingRefsWarning } from "./markdown-lines";

/**
 * The order of spec-kit tasks, as /speckit.implement runs them: phases one after another, tasks
 * in the order written, `[P]` tasks side by side. The list is a chain of batches — one task
 * without `[P]`, or a run of `[P]` tasks with no heading between them — and each batch waits for
 * the batch before it. "depends on T012, T013" in a task adds those; they must come earlier.
 */

export interface SpecKitDraft {
  task: ImportedTask;
  line: number;
  /** The heading of the phase it is in (`Phase 3: User Story 1 - …`), or "". */
  phase: string;
  isParallel: boolean;
  /** A heading came between it and the task before: a `[P]` run cannot continue across it. */
  startsRun: boolean;
  /** Its indented lines, trimmed. */
  details: string[];
}

const REQUIREMENT_ID = /\b(?:FR|SC|NFR)-\d{1,6}\b/g;
const T_REF = /\bT\d{1,6}\b/gi;
/** Maestro's limit on one task's dependencies (task.ts). */
const MAX_DEPENDENCIES = 200;
const SENTENCE_ENDS = new Set([")", ";", "\n"]);

/** The ids after "depends on" up to `)`, `;`, a full stop or the line's end: `(depends on T012, T013)`. */
export function dependencyRefs(text: string): string[] {
  const refs: string[] = [];
  const lower = text.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf("depend", from); at >= 0; at = lower.indexOf("depend", from)) {
    from = at + 6;
    if (!lower.startsWith("depends on", at) && !lower.startsWith("depend on", at)) continue;
    let end = at;
    while (end < text.length && !SENTENCE_ENDS.has(text[end]!) && !(text[end] === "." && text[end + 1] === " ")) {
      end += 1;
    }
    // A loop, not push(...refs): a line of 200,000 references would overflow the call stack.
    for (const ref of text.slice(at, end).match(T_REF) ?? []) refs.push(ref.toUpperCase());
    from = Math.max(from, end);
  }
  return refs;
}

/** Sets each draft's dependencies, description and requirement ids; returns the tasks. */
export function linkSpecKitTasks(drafts: readonly SpecKitDraft[], warnings: ImportWarning[]): ImportedTask[] {
  const lineOf = new Map(drafts.map((draft) => [draft.task.sourceId, draft.line]));
  let before: string[] = [];
  let run: { base: string[]; members: string[] } | null = null;
  for (const draft of drafts) {
    if (run && (!draft.isParallel || draft.startsRun)) {
      before = run.members;
      run = null;
    }
    let implied = before;
    if (draft.isParallel) {
      run ??= { base: before, members: [] };
      implied = run.base;
      run.members.push(draft.task.sourceId);
    } else {
      before = [draft.task.sourceId];
    }
    finishDraft(draft, implied, { lineOf, warnings });
  }
  return drafts.map((draft) => draft.task);
}

function finishDraft(
  draft: SpecKitDraft,
  implied: readonly string[],
  env: { lineOf: ReadonlyMap<string, number>; warnings: ImportWarning[] },
): void {
  const { task } = draft;
  const body = draft.details.join("\n").trim();
  const explicit = checkedRefs(draft, [...dependencyRefs(task.title), ...dependencyRefs(body)], env);
  task.dependsOn = [...new Set([...implied, ...explicit])];
  if (task.dependsOn.length > MAX_DEPENDENCIES) {
    throw invalidImport(
      "spec-kit",
      `tasks.md line ${draft.line}: ${task.sourceId} would wait for ${task.dependsOn.length} tasks (Maestro allows ${MAX_DEPENDENCIES}); put a heading inside the long run of [P] tasks before it`,
    );
  }
  task.description = [body, draft.phase ? `_spec-kit ${draft.phase}_` : ""].filter(Boolean).join("\n\n");
  const mentioned = `${task.title}\n${body}`.match(REQUIREMENT_ID) ?? [];
  task.requirementIds = [...new Set([...task.requirementIds, ...mentioned])];
}

/** Explicit references: unknown ones left out with one warning; itself or a later task refused. */
function checkedRefs(
  draft: SpecKitDraft,
  refs: readonly string[],
  env: { lineOf: ReadonlyMap<string, number>; warnings: ImportWarning[] },
): string[] {
  const item = `tasks.md line ${draft.line}`;
  const unique = [...new Set(refs)];
  const missing = unique.filter((ref) => !env.lineOf.has(ref));
  if (missing.length > 0) env.warnings.push(missingRefsWarning(item, draft.task.sourceId, missing));
  return unique.filter((ref) => {
    const line = env.lineOf.get(ref);
    if (line === undefined) return false;
    if (line >= draft.line) {
      const what = line === draft.line ? "itself" : `${ref}, which comes later (line ${line})`;
      throw invalidImport("spec-kit", `${item}: ${draft.task.sourceId} depends on ${what}`);
    }
    return true;
  });
}
