import { type DbClient, latestDocument, listSpecTaskLinks, listSpecs, listTasks } from "@maestro/db";
import {
  DOCUMENT_PHASES,
  type DocumentPhase,
  type ExportGraph,
  type ExportInput,
  type ExportResult,
  type Project,
  exportMaestroJson,
  exportTaskmaster,
} from "@maestro/domain";
import { requireProject } from "../project/resolve-project";
import { listSteeringFiles, readSteeringFile } from "../steering/steering-files";
import type { VerbArgs } from "../unit-of-work";

function specsOf(db: DbClient, projectId: string): ExportGraph["specs"] {
  return listSpecs(db, { projectId }).map((spec) => {
    const documents: Partial<Record<DocumentPhase, string>> = {};
    for (const phase of DOCUMENT_PHASES) {
      const text = latestDocument(db, spec.id, phase)?.text;
      if (text !== undefined) documents[phase] = text;
    }
    return { id: spec.id, slug: spec.slug, name: spec.name, documents };
  });
}

/** Task id → item number, for tasks linked to an item of their spec's tasks document. */
function specItemsOf(db: DbClient, specs: ExportGraph["specs"]): Map<string, string> {
  const items = new Map<string, string>();
  for (const spec of specs) for (const [item, taskId] of listSpecTaskLinks(db, spec.id)) items.set(taskId, item);
  return items;
}

function steeringOf(project: Project): ExportGraph["steering"] {
  return listSteeringFiles(project.rootDir).flatMap(({ name }) => {
    const doc = readSteeringFile(project.rootDir, name);
    return doc ? [{ name: name.replace(/\.md$/, ""), content: doc.text }] : [];
  });
}

/** The project's graph as a file another Maestro (json) or Task Master (taskmaster) reads back. */
export function exportProject({ ctx, input }: VerbArgs<ExportInput>): ExportResult {
  const db = ctx.database.db;
  const project = requireProject(db, input.projectId);
  const specs = specsOf(db, project.id);
  const graph: ExportGraph = {
    project: { key: project.key, name: project.name },
    tasks: listTasks(db, { projectId: project.id }),
    specs,
    specItems: specItemsOf(db, specs),
    steering: input.format === "json" ? steeringOf(project) : [],
  };
  return input.format === "json" ? exportMaestroJson(graph) : exportTaskmaster(graph);
}
