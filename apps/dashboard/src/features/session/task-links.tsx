import { Link, useLocation } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";
import { useProjectTasks } from "../task/use-project-tasks";
import styles from "./task-links.module.css";

/**
 * Links to a session's tasks ("WEB-3"), each opening the task panel on its project's board.
 * On a page of the same project the panel opens in place (other query parameters kept).
 * The project's task list is shared with the board (one cached, live query per project).
 */
export function TaskLinks({ projectId, taskIds }: { projectId: string; taskIds: readonly string[] }) {
  const trpc = useTRPC();
  const project = useQuery(trpc.project.byId.queryOptions({ id: projectId }));
  const { index } = useProjectTasks(projectId);
  const location = useLocation();
  const hrefOf = (projectKey: string, taskKey: string) => {
    const isSameProject =
      location.pathname === `/projects/${projectKey}` || location.pathname.startsWith(`/projects/${projectKey}/`);
    const params = new URLSearchParams(isSameProject ? location.search : "");
    params.set("task", taskKey);
    return `${isSameProject ? location.pathname : `/projects/${projectKey}`}?${params.toString()}`;
  };
  return (
    <span className={styles.links}>
      {taskIds.map((id, position) => {
        const task = index.byId.get(id);
        const label = task?.key ?? "…";
        return (
          <span key={id}>
            {position > 0 ? ", " : null}
            {project.data && task ? (
              <Link to={hrefOf(project.data.key, task.key)} title={task.title}>
                {label}
              </Link>
            ) : (
              label
            )}
          </span>
        );
      })}
    </span>
  );
}
