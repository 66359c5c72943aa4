/*
 * Projects page. Accessible names for tests:
 * heading "Projects"; button "New project"; list "Projects" with one item per project, whose
 * link is the project name; button "Delete project <name>" → dialog "Delete project <name>?"
 * with button "Delete project" (and "Cancel"). Empty state text "No projects yet".
 */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState, Loading } from "../../components/empty-state";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useTRPC } from "../../lib/trpc";
import { NewProjectDialog } from "./new-project-dialog";
import { ProjectCard } from "./project-card";
import styles from "./projects-page.module.css";

export function ProjectsPage() {
  const trpc = useTRPC();
  const projects = useQuery(trpc.project.list.queryOptions());
  const [isCreating, setIsCreating] = useState(false);

  return (
    <div className="page">
      <title>Projects · Maestro</title>
      <PageHeader title="Projects">
        <button type="button" className="button button--primary" onClick={() => setIsCreating(true)}>
          New project
        </button>
      </PageHeader>
      {projects.isPending ? (
        <Loading label="Loading projects…" />
      ) : projects.isError ? (
        <ErrorAlert error={projects.error} />
      ) : projects.data.length === 0 ? (
        <NoProjects />
      ) : (
        <ul className={styles.grid} aria-label="Projects">
          {projects.data.map((project) => (
            <ProjectCard key={project.id} project={project} />
          ))}
        </ul>
      )}
      {isCreating ? <NewProjectDialog onClose={() => setIsCreating(false)} /> : null}
    </div>
  );
}

function NoProjects() {
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
