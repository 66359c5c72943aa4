import type { ImportWarning, ImportedTask } from "./bundle";
import { invalidImport, missingRefsWarning } from "./markdown-lines";

/**
 * The order of a Kiro plan: Kiro works through tasks.md one task at a time, so each task without
 * subtasks waits for the previous required one (an optional `- [ ]*` task holds nothing up; a
 * parent closes when its subtasks are done, so it waits for nothing itself). Maestro's own
 * `_Depends: 2_` lines add to that and must point at an earlier task outside the task's parents.
 */

export interface KiroDraft {
  task: ImportedTask;
  /** `2.1` as written, or the id made from an unnumbered title. */
  local: string;
  line: number;
  indent: number;
  parent: KiroDraft | null;
  isOptional: boolean;
  details: string[];
  dependsOn: { refs: string[]; line: number }[];
}

interface OrderEnv {
  /** The spec's sourceId, which prefixes its task ids. */
  feature: string;
  byLocal: ReadonlyMap<string, KiroDraft>;
  warnings: ImportWarning[];
}

function isAncestor(candidate: KiroDraft, draft: KiroDraft): boolean {
  for (let at = draft.parent; at; at = at.parent) if (at === candidate) return true;
  return false;
}

/** The chain of required work, plus `_Depends_` references; descriptions from the detail lines. */
export function orderKiroDrafts(drafts: readonly KiroDraft[], env: OrderEnv): void {
  const parents = new Set(drafts.map((draft) => draft.task.parentSourceId).filter(Boolean));
  let previous: string | null = null;
  for (const draft of drafts) {
    const { task } = draft;
    task.description = [draft.details.join("\n").trim(), draft.isOptional ? "_Optional in the Kiro plan._" : ""]
      .filter(Boolean)
      .join("\n\n");
    task.requirementIds = [...new Set(task.requirementIds)];
    const explicit = draft.dependsOn.flatMap(({ refs, line }) => checkedRefs(env, draft, { refs, line }));
    const implied = parents.has(task.sourceId) || previous === null ? [] : [previous];
    task.dependsOn = [...new Set([...implied, ...explicit])];
    if (!parents.has(task.sourceId) && !draft.isOptional) previous = task.sourceId;
  }
}

/** The references of one `_Depends_` line: unknown ones left out with one warning; itself, later or a parent refused. */
function checkedRefs(env: OrderEnv, draft: KiroDraft, { refs, line }: { refs: string[]; line: number }): string[] {
  const item = `${env.feature}/tasks.md line ${line}`;
  const missing = refs.filter((ref) => !env.byLocal.has(ref));
  if (missing.length > 0) env.warnings.push(missingRefsWarning(item, `task ${draft.local}`, missing));
  return refs.flatMap((ref) => {
    const target = env.byLocal.get(ref);
    if (!target) return [];
    if (target.line >= draft.line) {
      const what = target === draft ? "itself" : `${ref}, which comes later (line ${target.line})`;
      throw invalidImport("kiro", `${item}: task ${draft.local} depends on ${what}`);
    }
    if (isAncestor(target, draft)) {
      throw invalidImport("kiro", `${item}: task ${draft.local} cannot depend on ${ref}: it is part of it`);
    }
    return [target.task.sourceId];
  });
}
