import { latestForWrite } from "./latest-for-write";
import { type Db, findProjectById, findSpecById, insertDocumentVersion, setReviewState, updateSpec } from "@maestro/db";
import {
  type DocumentPhase,
  type DocumentSource,
  DomainError,
  type Project,
  type Spec,
  type SpecDocumentVersion,
  type TaskPlan,
  currentPhase,
  isCheckboxOnlyChange,
  parseTasksMarkdown,
  stateAfterEdit,
} from "@maestro/domain";
import type { RecordEvent } from "../unit-of-work";
import { documentPath, readTextFile, writeTextFile } from "./spec-files";

/** Refuses a tasks.md that cannot become tasks, naming the first problem and its line. */
export function assertTaskPlan(plan: TaskPlan): void {
  if (plan.cycle) {
    throw new DomainError("DEPENDENCY_CYCLE", `tasks.md: dependency cycle: ${plan.cycle.join(" → ")}`, {
      field: "text",
      cycle: plan.cycle,
    });
  }
  const first = plan.errors[0];
  if (!first) return;
  const more = plan.errors.length > 1 ? ` (and ${plan.errors.length - 1} more problem(s))` : "";
  throw new DomainError("INVALID_INPUT", `tasks.md line ${first.line}: ${first.message}${more}`, { field: "text" });
}

export async function requireSpecProject(db: Db, spec: Spec): Promise<Project> {
  const project = await findProjectById(db, spec.projectId);
  if (!project) throw new Error(`spec ${spec.id} has no project`);
  return project;
}

/** Moves the spec to the phase its review states say it is in; records the change. */
export async function refreshPhase(tx: Db, record: RecordEvent, specId: string): Promise<Spec> {
  const spec = (await findSpecById(tx, specId))!;
  const phase = spec.phase === "done" ? "done" : currentPhase(spec.phases);
  if (phase === spec.phase) return spec;
  const updated = await updateSpec(tx, spec.id, { phase });
  record({
    kind: "spec.updated",
    entity: "spec",
    entityId: spec.id,
    projectId: spec.projectId,
    payload: { spec: updated, changed: ["phase"] },
  });
  return updated;
}

/**
 * Refuses to write over a disk edit that is not a version yet (it would be lost): the file
 * must still hold the current version's text.
 */
export function assertDiskInSync(
  project: Project,
  spec: Spec,
  phase: DocumentPhase,
  latest: SpecDocumentVersion | undefined,
): void {
  const onDisk = readTextFile(project.rootDir, documentPath(project.rootDir, spec.slug, phase));
  if (onDisk === null || onDisk === (latest?.text ?? "")) return;
  throw new DomainError(
    "VERSION_CONFLICT",
    `${phase}.md was changed on disk since version ${latest?.version ?? 0}; run \`maestro spec sync ${spec.slug}\` (or wait a moment) and edit the new version`,
    { field: "baseVersion", currentVersion: latest?.version ?? 0 },
  );
}

export interface NewVersion {
  spec: Spec;
  phase: DocumentPhase;
  text: string;
  author: string;
  source: DocumentSource;
}

/**
 * Stores a new version of a phase document (unless the text is unchanged), updates the review
 * state (an approved phase reopens unless only checkboxes changed) and mirrors it to disk
 * inside the transaction, so a failed write leaves no version behind.
 */
export async function saveVersion(
  tx: Db,
  record: RecordEvent,
  input: NewVersion,
): Promise<{ spec: Spec; version: SpecDocumentVersion } | null> {
  const { spec, phase, text } = input;
  const latest = await latestForWrite(tx, spec.id, phase);
  if (latest?.text === text) return null;
  if (phase === "tasks") assertTaskPlan(parseTasksMarkdown(text));
  const version = await insertDocumentVersion(tx, {
    specId: spec.id,
    phase,
    text,
    author: input.author,
    source: input.source,
  });
  const state = spec.phases.find((entry) => entry.phase === phase)!.reviewState;
  const next = stateAfterEdit(state, latest !== undefined && isCheckboxOnlyChange(latest.text, text));
  if (next !== state) await setReviewState(tx, spec.id, phase, next);
  if (input.source !== "disk") {
    const project = await requireSpecProject(tx, spec);
    writeTextFile(project.rootDir, documentPath(project.rootDir, spec.slug, phase), text);
  }
  const updated = (await findSpecById(tx, spec.id))!;
  record({
    kind: "spec.versioned",
    entity: "spec",
    entityId: spec.id,
    projectId: spec.projectId,
    payload: { spec: updated, phase, version: version.version, source: input.source },
  });
  return { spec: await refreshPhase(tx, record, spec.id), version };
}
