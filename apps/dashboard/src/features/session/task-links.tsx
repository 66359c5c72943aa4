import { Link, useLocation } from "react-router";
import { useQueries, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";
import styles from "./task-links.module.css";

/**
 * Links to a session's tasks ("WEB-3"), each opening the task panel on its project's board.
 * On a page of the same project the panel opens in place (other query parameters kept).
 * Each task is read by id (cached, and patched by live events), never the project's whole list.
 */
export function TaskLinks({ projectId, taskIds }: { projectId: string; taskIds: readonly string[] }) {
  const trpc = useTRPC();
  const project = useQuery(trpc.project.byId.queryOptions({ id: projectId }));
  const tasks = useQueries({ queries: taskIds.map((id) => trpc.task.byId.queryOptions({ id })) });
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
        const task = tasks[position]?.data;
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
