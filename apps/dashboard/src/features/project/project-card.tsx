import type { Project } from "@maestro/domain";
import { useState } from "react";
import { Link } from "react-router";
import { useCan } from "../auth/use-me";
import { useTaskCounts } from "../task/use-project-tasks";
import { DeleteProjectDialog } from "./delete-project-dialog";
import styles from "./project-card.module.css";
import { ProjectDir } from "./project-dir";

export function ProjectCard({ project }: { project: Project }) {
  const [isDeleting, setIsDeleting] = useState(false);
  const canDelete = useCan("project.delete");
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
        {canDelete ? (
          <button
            type="button"
            className="button button--ghost button--small"
            aria-label={`Delete project ${project.name}`}
            onClick={() => setIsDeleting(true)}
          >
            Delete
          </button>
        ) : null}
      </div>
      {isDeleting ? <DeleteProjectDialog project={project} onClose={() => setIsDeleting(false)} /> : null}
    </li>
  );
}

/** Counts from the database (batched with the others into one request, refetched on task events). */
function TaskCounts({ projectId }: { projectId: string }) {
  const counts = useTaskCounts(projectId);
  if (!counts.data) return <p className={styles.counts}>…</p>;
  const { total, byStatus, ready } = counts.data;
  if (total === 0) return <p className={styles.counts}>No tasks</p>;
  return (
    <p className={styles.counts}>
      {total} {total === 1 ? "task" : "tasks"} · {byStatus.done} done · {ready} ready
    </p>
  );
}
