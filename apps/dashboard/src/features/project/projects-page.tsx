/*
 * Projects page. Accessible names for tests:
 * heading "Projects"; button "New project" (admins); list "Projects" with one item per project, whose
 * link is the project name; button "Delete project <name>" → dialog "Delete project <name>?"
 * with button "Delete project" (and "Cancel"). Empty state text "No projects yet". Past 100
 * projects, button "Load more projects".
 */
import { useMemo, useState } from "react";
import { EmptyState, Loading } from "../../components/empty-state";
import { ErrorAlert } from "../../components/error-alert";
import { LoadMore } from "../../components/load-more";
import { PageHeader } from "../../components/page-header";
import { loadedItems } from "../../lib/pages";
import { useCan } from "../auth/use-me";
import { NewProjectDialog } from "./new-project-dialog";
import { ProjectCard } from "./project-card";
import styles from "./projects-page.module.css";
import { useProjectPages } from "./use-projects";

export function ProjectsPage() {
  const canCreate = useCan("project.create");
  const projects = useProjectPages();
  const loaded = useMemo(() => loadedItems(projects.data), [projects.data]);
  const [isCreating, setIsCreating] = useState(false);

  return (
    <div className="page">
      <title>Projects · Maestro</title>
      <PageHeader title="Projects">
        {canCreate ? (
          <button type="button" className="button button--primary" onClick={() => setIsCreating(true)}>
            New project
          </button>
        ) : null}
      </PageHeader>
      {projects.isPending ? (
        <Loading label="Loading projects…" />
      ) : projects.isError ? (
        <ErrorAlert error={projects.error} />
      ) : loaded.length === 0 ? (
        <NoProjects canCreate={canCreate} />
      ) : (
        <ul className={styles.grid} aria-label="Projects">
          {loaded.map((project) => (
            <ProjectCard key={project.id} project={project} />
          ))}
        </ul>
      )}
      <LoadMore query={projects} what="projects" />
      {isCreating ? <NewProjectDialog onClose={() => setIsCreating(false)} /> : null}
    </div>
  );
}

function NoProjects({ canCreate }: { canCreate: boolean }) {
  if (!canCreate) return <EmptyState title="No projects yet" />;
  return (
    <EmptyState title="No projects yet">
      <p>
        A project is a working directory (usually a git repository) whose tasks Maestro tracks. Create one with{" "}
        <strong>New project</strong>, or from a terminal:
      </p>
      <pre className="command">maestro project create &lt;name&gt; --dir &lt;path&gt;</pre>
    </EmptyState>
  );
}
