import { MAX_TEXT_LENGTH, MAX_TITLE_LENGTH } from "../common";
import { MAX_SPEC_DOCUMENT_LENGTH } from "../spec";
import type { ImportBundle, ImportWarning, ImportedSpec, ImportedSteering, ImportedTask } from "./bundle";

/** What a task, a spec and a steering document may hold (task.ts and spec.ts say the same). */
const MAX_CRITERIA = 100;
const MAX_CRITERION_LENGTH = 2_000;
const MAX_SPEC_NAME_LENGTH = 200;
const TRUNCATION_MARK = "\n\n[…cut by the import]";

/** `text` cut to `max` characters; the mark that says so counts towards them. */
export function truncate(text: string, max: number, mark = TRUNCATION_MARK): string {
  return text.length <= max ? text : text.slice(0, max - mark.length) + mark;
}

function fitField(label: string, text: string, max: number, warnings: ImportWarning[], item: string): string {
  if (text.length <= max) return text;
  warnings.push({ item, message: `${label} cut from ${text.length} to ${max} characters` });
  return truncate(text, max, label === "title" ? "…" : TRUNCATION_MARK);
}

function fitTask(task: ImportedTask, warnings: ImportWarning[]): ImportedTask {
  const item = `task ${task.sourceId}`;
  let criteria = task.acceptanceCriteria.map((text) => text.trim()).filter((text) => text.length > 0);
  if (criteria.length > MAX_CRITERIA) {
    warnings.push({ item, message: `${criteria.length} acceptance criteria: only the first ${MAX_CRITERIA} kept` });
    criteria = criteria.slice(0, MAX_CRITERIA);
  }
  return {
    ...task,
    // Stored as sets: a list naming one twice would never compare equal, so every re-import would "update" it.
    dependsOn: [...new Set(task.dependsOn)],
    requirementIds: [...new Set(task.requirementIds)],
    title: fitField("title", task.title.trim(), MAX_TITLE_LENGTH, warnings, item),
    description: fitField("description", task.description, MAX_TEXT_LENGTH, warnings, item),
    acceptanceCriteria: criteria.map((text) =>
      fitField("an acceptance criterion", text, MAX_CRITERION_LENGTH, warnings, item),
    ),
  };
}

function fitSpec(spec: ImportedSpec, warnings: ImportWarning[]): ImportedSpec {
  const item = `spec ${spec.sourceId}`;
  const documents: ImportedSpec["documents"] = {};
  for (const [phase, text] of Object.entries(spec.documents) as [keyof ImportedSpec["documents"], string][]) {
    documents[phase] = fitField(`${phase} document`, text, MAX_SPEC_DOCUMENT_LENGTH, warnings, item);
  }
  return { ...spec, name: fitField("name", spec.name.trim(), MAX_SPEC_NAME_LENGTH, warnings, item), documents };
}

function fitSteering(doc: ImportedSteering, warnings: ImportWarning[]): ImportedSteering {
  const item = `steering ${doc.name}`;
  return { ...doc, content: fitField("content", doc.content, MAX_SPEC_DOCUMENT_LENGTH, warnings, item) };
}

/**
 * Cuts whatever is longer than Maestro keeps (a title, a description, criteria, documents) and
 * says so per item, so every format's parser gets the same limits without repeating them.
 */
export function fitBundle(bundle: ImportBundle): ImportBundle {
  const warnings = [...bundle.warnings];
  return {
    ...bundle,
    tasks: bundle.tasks.map((task) => fitTask(task, warnings)),
    specs: bundle.specs.map((spec) => fitSpec(spec, warnings)),
    steering: bundle.steering.map((doc) => fitSteering(doc, warnings)),
    warnings,
  };
}
