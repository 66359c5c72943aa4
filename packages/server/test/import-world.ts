import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type World, makeWorld } from "./helpers";

export const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", "import", name), "utf8");

/** A world with project WEB rooted in a fresh folder, for import tests. */
export async function importWorld(): Promise<World & { root: string; done: () => void }> {
  const world = await makeWorld("owner");
  const root = mkdtempSync(join(tmpdir(), "maestro-import-"));
  await world.caller.project.create({ name: "Web", rootDir: root, key: "WEB" });
  return {
    ...world,
    root,
    done: async () => {
      await world.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A task list as the parts an import sets, keyed by title: parent and dependencies by title too. */
export async function graphOf(world: World, projectId: string) {
  const tasks = (await world.caller.task.list({ projectId })).items;
  const titleOf = new Map(tasks.map((task) => [task.id, task.title]));
  return Object.fromEntries(
    tasks.map((task) => [
      task.title,
      {
        description: task.description,
        acceptanceCriteria: task.acceptanceCriteria,
        status: task.status,
        priority: task.priority,
        parent: task.parentId === null ? null : titleOf.get(task.parentId),
        dependsOn: task.dependsOn.map((id) => titleOf.get(id)).sort(),
      },
    ]),
  );
}
