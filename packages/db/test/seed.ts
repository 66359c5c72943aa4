import { DEFAULT_PROJECT_SETTINGS, type Project, type Task } from "@maestro/domain";
import { type Database, allocateTaskNumber, insertProject, insertTask } from "../src/index";

/** A project keyed `key`, rooted in /tmp/<key>. */
export function seedProject(database: Database, key = "WEB"): Project {
  return insertProject(database.db, {
    key,
    name: key,
    rootDir: `/tmp/${key}`,
    description: "",
    settings: DEFAULT_PROJECT_SETTINGS,
  });
}

/** A plain todo task, last in its project. */
export function seedTask(
  database: Database,
  project: Pick<Project, "id" | "key">,
  title: string,
  parentId: string | null = null,
): Task {
  return database.transaction((tx) => {
    const number = allocateTaskNumber(tx, project.id);
    return insertTask(tx, {
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
