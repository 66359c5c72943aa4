import { existsSync, statSync } from "node:fs";
import { type Db, findSpecById, findSpecsBySlug, latestDocument } from "@maestro/db";
import {
  DOCUMENT_FILES,
  type DocumentPhase,
  DomainError,
  type ImportBundle,
  type ImportWarning,
  type ImportedSpec,
  type Project,
  parseTasksMarkdown,
  slugify,
} from "@maestro/domain";
import { assertInsideRoot, documentPath, readTextFile } from "../spec/spec-files";
import { readSteeringFile, steeringPath } from "../steering/steering-files";
import type { PlannedSpec, PlannedSteering } from "./import-work";

/** A slug free in the project and among the slugs this import already gave out. */
async function freeSlug(db: Db, projectId: string, name: string, taken: Set<string>): Promise<string> {
  const base = slugify(name);
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!taken.has(slug) && (await findSpecsBySlug(db, slug, projectId)).length === 0) return slug;
  }
}

/**
 * The documents Maestro can keep: a tasks document its tasks.md reader refuses is left out with
 * a warning (the bundle's tasks carry that work; a spec's tasks.md must parse to be approved).
 */
function keptDocuments(spec: ImportedSpec, warnings: ImportWarning[]): ImportedSpec["documents"] {
  const { tasks, ...rest } = spec.documents;
  if (tasks === undefined) return rest;
  const plan = parseTasksMarkdown(tasks);
  const problem = plan.cycle
    ? `a dependency cycle (${plan.cycle.join(" → ")})`
    : plan.errors[0] && `line ${plan.errors[0].line}: ${plan.errors[0].message}`;
  if (!problem) return { ...rest, tasks };
  warnings.push({
    item: `spec ${spec.sourceId}`,
    message: `its tasks document is not in the form of Maestro's tasks.md (${problem}): left out, its tasks are imported as tasks`,
  });
  return rest;
}

/** Of `documents`, those whose text differs from the spec's current version. */
async function changedDocuments(
  db: Db,
  specId: string,
  documents: ImportedSpec["documents"],
): Promise<ImportedSpec["documents"]> {
  const changed: ImportedSpec["documents"] = {};
  for (const [phase, text] of Object.entries(documents) as [DocumentPhase, string][]) {
    if ((await latestDocument(db, specId, phase))?.text !== text) changed[phase] = text;
  }
  return changed;
}

/**
 * Refuses, before anything is written, a document file the import could not write or would write
 * over: one leading out of the root, or one edited on disk and not yet a version (for a new spec,
 * any text left in its folder). Checked for every spec first, because the documents are written
 * one by one and a file written before a later refusal would stay on disk.
 */
async function assertDocumentsWritable(db: Db, project: Project, planned: PlannedSpec): Promise<void> {
  if (!existsSync(project.rootDir)) return; // nothing is mirrored to a missing root
  for (const phase of Object.keys(planned.documents) as DocumentPhase[]) {
    const path = documentPath(project.rootDir, planned.slug, phase);
    assertInsideRoot(project.rootDir, path);
    const latest = planned.existing ? await latestDocument(db, planned.existing.id, phase) : undefined;
    const onDisk = readTextFile(project.rootDir, path);
    if (onDisk === null || onDisk === (latest?.text ?? "")) continue;
    const file = `.maestro/specs/${planned.slug}/${DOCUMENT_FILES[phase]}`;
    const since = latest ? `was changed on disk since version ${latest.version}` : "holds text that is not a version";
    throw new DomainError(
      "VERSION_CONFLICT",
      `spec ${planned.item.sourceId}: ${file} ${since}; sync or move it, then import again`,
      { field: "files", currentVersion: latest?.version ?? 0 },
    );
  }
}

export async function planSpecs(
  db: Db,
  project: Project,
  bundle: ImportBundle,
  existingIds: Map<string, string>,
  warnings: ImportWarning[],
): Promise<PlannedSpec[]> {
  const taken = new Set<string>();
  const planned: PlannedSpec[] = [];
  for (const item of bundle.specs) {
    const documents = keptDocuments(item, warnings);
    const id = existingIds.get(item.sourceId);
    const existing = id === undefined ? undefined : await findSpecById(db, id);
    const keepsTasks = documents.tasks !== undefined;
    if (existing) {
      planned.push({
        item,
        existing,
        slug: existing.slug,
        documents: await changedDocuments(db, existing.id, documents),
        keepsTasks,
      });
      continue;
    }
    const slug = await freeSlug(db, project.id, item.name, taken);
    taken.add(slug);
    planned.push({ item, existing: null, slug, documents, keepsTasks });
  }
  for (const spec of planned) await assertDocumentsWritable(db, project, spec);
  return planned;
}

/** Steering documents against the files the project has now. */
export function planSteering(project: Project, bundle: ImportBundle): PlannedSteering[] {
  return bundle.steering.map(({ name, content }) => {
    const file = `${name}.md`;
    // Written after the commit: whatever would stop the write must refuse the import now.
    const path = steeringPath(project.rootDir, file);
    if (existsSync(project.rootDir)) assertInsideRoot(project.rootDir, path);
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      throw new DomainError("INVALID_INPUT", `steering ${name}: .maestro/steering/${file} is a folder`, {
        field: "files",
      });
    }
    const current = readSteeringFile(project.rootDir, file);
    const action = current === null ? "create" : current.text === content ? "unchanged" : "update";
    return { file, content, action };
  });
}
