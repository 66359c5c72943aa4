// Every task of a project, for benches that check a whole project after a run: task.list
// answers pages of at most 500, so this follows them to the end.
import type { Task } from "@maestro/domain";
import type { BenchClient } from "./agent-sessions";

export async function listAllTasks(client: BenchClient, projectId: string): Promise<Task[]> {
  const tasks: Task[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Task[]; nextCursor: string | null } = await client.task.list.query({
      projectId,
      limit: 500,
      cursor,
    });
    tasks.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return tasks;
}
