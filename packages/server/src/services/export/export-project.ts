import { type Db, latestDocument, listSpecTaskLinks, listSpecs, listTasks } from "@maestro/db";
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

async function specsOf(db: Db, projectId: string): Promise<ExportGraph["specs"]> {
  const specs = await listSpecs(db, { projectId });
  return await Promise.all(
    specs.map(async (spec) => {
      const documents: Partial<Record<DocumentPhase, string>> = {};
      for (const phase of DOCUMENT_PHASES) {
        const text = (await latestDocument(db, spec.id, phase))?.text;
        if (text !== undefined) documents[phase] = text;
      }
      return { id: spec.id, slug: spec.slug, name: spec.name, documents };
    }),
  );
}

/** Task id → item number, for tasks linked to an item of their spec's tasks document. */
async function specItemsOf(db: Db, specs: ExportGraph["specs"]): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  for (const spec of specs) for (const [item, taskId] of await listSpecTaskLinks(db, spec.id)) items.set(taskId, item);
  return items;
}

function steeringOf(project: Project): ExportGraph["steering"] {
  return listSteeringFiles(project.rootDir).flatMap(({ name }) => {
    const doc = readSteeringFile(project.rootDir, name);
    return doc ? [{ name: name.replace(/\.md$/, ""), content: doc.text }] : [];
  });
}

/** The project's graph as a file another Maestro (json) or Task Master (taskmaster) reads back. */
export async function exportProject({ ctx, input }: VerbArgs<ExportInput>): Promise<ExportResult> {
  const db = ctx.database.db;
  const project = await requireProject(db, input.projectId);
  const specs = await specsOf(db, project.id);
  const graph: ExportGraph = {
    project: { key: project.key, name: project.name },
    tasks: await listTasks(db, { projectId: project.id }),
    specs,
    specItems: await specItemsOf(db, specs),
    steering: input.format === "json" ? steeringOf(project) : [],
  };
  return input.format === "json" ? exportMaestroJson(graph) : exportTaskmaster(graph);
}
