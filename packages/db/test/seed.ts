import { DEFAULT_PROJECT_SETTINGS, type Project, type Task } from "@maestro/domain";
import { type Store, allocateTaskNumber, insertProject, insertTask } from "../src/index";

/** A project keyed `key`, rooted in /tmp/<key>. */
export async function seedProject(database: Store, key = "WEB"): Promise<Project> {
  return await insertProject(database.db, {
    key,
    name: key,
    rootDir: `/tmp/${key}`,
    description: "",
    settings: DEFAULT_PROJECT_SETTINGS,
  });
}

/** A plain todo task, last in its project. */
export async function seedTask(
  database: Store,
  project: Pick<Project, "id" | "key">,
  title: string,
  parentId: string | null = null,
): Promise<Task> {
  return await database.transaction(async (tx) => {
    const number = await allocateTaskNumber(tx, project.id);
    return await insertTask(tx, {
      projectId: project.id,
      projectKey: project.key,
      number,
      parentId,
      title,
      description: "",
      status: "todo",
      rank: number,
    });
  });
}
