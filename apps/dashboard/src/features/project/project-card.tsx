import type { Project } from "@maestro/domain";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { ALL_PAGES, nextCursorOf, useAllPages } from "../../lib/pages";
import { useTRPC } from "../../lib/trpc";
import { useTaskCounts } from "../task/use-project-tasks";
import { DeleteProjectDialog } from "./delete-project-dialog";
import styles from "./project-card.module.css";
import { ProjectDir } from "./project-dir";

export function ProjectCard({ project }: { project: Project }) {
  const [isDeleting, setIsDeleting] = useState(false);
  return (
    <li className={`box ${styles.card}`}>
      <div className={styles.head}>
        <h2 className={styles.title}>
          <Link to={`/projects/${project.key}`}>{project.name}</Link>
        </h2>
        <span className="key-badge">{project.key}</span>
      </div>
      <ProjectDir rootDir={project.rootDir} />
      {project.description ? <p className={styles.description}>{project.description}</p> : null}
      <div className={styles.foot}>
        <TaskCounts projectId={project.id} />
        <button
          type="button"
          className="button button--ghost button--small"
          aria-label={`Delete project ${project.name}`}
          onClick={() => setIsDeleting(true)}
        >
          Delete
        </button>
      </div>
      {isDeleting ? <DeleteProjectDialog project={project} onClose={() => setIsDeleting(false)} /> : null}
    </li>
  );
}

/** Counts from the database, and the ready tasks (readiness is the server's), refetched on task events. */
function TaskCounts({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const counts = useTaskCounts(projectId);
  const ready = useAllPages(
    useInfiniteQuery(
      trpc.task.list.infiniteQueryOptions(
        { projectId, ready: true, ...ALL_PAGES },
        { getNextPageParam: nextCursorOf },
      ),
    ),
  );
  if (!counts.data || !ready.data) return <p className={styles.counts}>…</p>;
  const { total, byStatus } = counts.data;
  if (total === 0) return <p className={styles.counts}>No tasks</p>;
  return (
    <p className={styles.counts}>
      {total} {total === 1 ? "task" : "tasks"} · {byStatus.done} done · {ready.data.length} ready
    </p>
  );
}
