/*
 * Project page. Accessible names for tests:
 * heading = project name; button "New task" → dialog "New task"; button "Import" → dialog "Import tasks"
 * (see import/import-dialog.tsx), both hidden from a viewer; navigation "Views" with links
 * "Board", "List", "Graph", "Sessions", "Review, N waiting", "Specs", "Steering" and "Settings" (admins only; the current one has
 * aria-current="page"); region
 * "Autopilot" (see autopilot-bar.tsx) on every view; meter "Spend of project <KEY>" and, under
 * "Edit budget", form "Budget of project <KEY>" (see budget/project-budget.tsx); "?task=KEY" opens the task panel;
 * "?view=list|graph|sessions" redirects to that view's path.
 */
import type { Project } from "@maestro/domain";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, Navigate, NavLink, Outlet, useLocation, useParams, useSearchParams } from "react-router";
import { Loading } from "../../components/empty-state";
import { ErrorAlert } from "../../components/error-alert";
import { QueryError } from "../../components/query-error";
import { cx } from "../../lib/cx";
import { useTRPC } from "../../lib/trpc";
import { useCan } from "../auth/use-me";
import { AutopilotBar } from "../autopilot/autopilot-bar";
import { ProjectBudget } from "../budget/project-budget";
import { ImportDialog } from "../import/import-dialog";
import { ReviewLink } from "../landing/review-link";
import { NewTaskDialog } from "../task/new-task-dialog";
import { type PanelTab, TaskPanel } from "../task/panel/task-panel";
import { useKnownTasks } from "../task/use-known-tasks";
import { WHOLE_PROJECT_MAX, useProjectTasks, useTaskCounts } from "../task/use-project-tasks";
import type { ProjectContext } from "./project-context";
import { ProjectDir } from "./project-dir";
import styles from "./project-page.module.css";
import { viewPath } from "./view-path";

export function ProjectPage() {
  const { key = "" } = useParams();
  const location = useLocation();
  const trpc = useTRPC();
  const project = useQuery(trpc.project.byId.queryOptions({ id: key }));
  if (key !== key.toUpperCase()) {
    return <Navigate replace to={location.pathname.replace(key, key.toUpperCase()) + location.search} />;
  }
  const viewRedirect = viewPath(key, location.search);
  if (viewRedirect) return <Navigate replace to={viewRedirect} />;
  if (project.isPending) return <Loading label="Loading project…" />;
  if (project.isError) {
    return (
      <div className="page">
        <QueryError error={project.error} notFoundTitle={`Project ${key} not found`}>
          <p>
            It may have been deleted. <Link to="/">Back to projects</Link>
          </p>
        </QueryError>
      </div>
    );
  }
  return <ProjectWorkspace project={project.data} />;
}

function ProjectWorkspace({ project }: { project: Project }) {
  // Views load the tasks they show (the board a page per column); a small project is loaded
  // whole as well, so hints and pickers know every task. `index` holds every task loaded.
  const counts = useTaskCounts(project.id);
  const isSmall = counts.data !== undefined && counts.data.total <= WHOLE_PROJECT_MAX;
  const { query } = useProjectTasks(project.id, { enabled: isSmall });
  const index = useKnownTasks(project.id);
  const [searchParams, setSearchParams] = useSearchParams();
  const [isCreating, setIsCreating] = useState(false);
  const [isImporting, setIsImporting] = useState(false);
  const canImport = useCan("import.run");
  const canCreateTask = useCan("task.create");
  const canManageProject = useCan("webhook.set");
  const openTaskKey = searchParams.get("task");
  const search = searchParams.toString() ? `?${searchParams.toString()}` : "";
  const isChangesTab = searchParams.get("tab") === "changes";
  const panelTab: PanelTab = isChangesTab ? "changes" : "details";
  const closePanel = () =>
    setSearchParams((params) => {
      params.delete("task");
      params.delete("tab");
      return params;
    });
  const selectPanelTab = (tab: PanelTab) =>
    setSearchParams((params) => {
      if (tab === "details") params.delete("tab");
      else params.set("tab", tab);
      return params;
    });
  const context: ProjectContext = { project, index };

  return (
    <div className="page page--full">
      <title>{`${openTaskKey ? `${openTaskKey} · ` : ""}${project.name} · Maestro`}</title>
      <div className="page-header">
        <div className="page-title">
          <Link to="/" className="breadcrumb">
            Projects
          </Link>
          <h1>{project.name}</h1>
          <span className="key-badge">{project.key}</span>
          <ProjectDir rootDir={project.rootDir} />
          <ProjectBudget project={project} />
        </div>
        <div className={styles.actions}>
          <nav aria-label="Views" className={styles.views}>
            <NavLink to={`/projects/${project.key}${search}`} end>
              Board
            </NavLink>
            <NavLink to={`/projects/${project.key}/list${search}`}>List</NavLink>
            <NavLink to={`/projects/${project.key}/graph${search}`}>Graph</NavLink>
            <NavLink to={`/projects/${project.key}/sessions${search}`}>Sessions</NavLink>
            <ReviewLink projectId={project.id} projectKey={project.key} search={search} />
            <NavLink to={`/projects/${project.key}/specs`}>Specs</NavLink>
            <NavLink to={`/projects/${project.key}/steering`}>Steering</NavLink>
            {canManageProject ? <NavLink to={`/projects/${project.key}/settings`}>Settings</NavLink> : null}
          </nav>
          {canImport ? (
            <button type="button" className="button" onClick={() => setIsImporting(true)}>
              Import
            </button>
          ) : null}
          {canCreateTask ? (
            <button type="button" className="button button--primary" onClick={() => setIsCreating(true)}>
              New task
            </button>
          ) : null}
        </div>
      </div>
      <AutopilotBar project={project} />
      <div
        className={cx(
          styles.workspace,
          openTaskKey && styles.withPanel,
          openTaskKey && isChangesTab && styles.withWidePanel,
        )}
      >
        <div className={styles.view}>
          {counts.isError ? <ErrorAlert error={counts.error} /> : null}
          {query.isError ? <ErrorAlert error={query.error} /> : null}
          <Outlet context={context} />
        </div>
        {openTaskKey ? (
          <TaskPanel
            key={openTaskKey}
            project={project}
            taskKey={openTaskKey}
            index={index}
            tab={panelTab}
            onTab={selectPanelTab}
            onClose={closePanel}
          />
        ) : null}
      </div>
      {isCreating ? <NewTaskDialog project={project} index={index} onClose={() => setIsCreating(false)} /> : null}
      {isImporting ? <ImportDialog project={project} onClose={() => setIsImporting(false)} /> : null}
    </div>
  );
}
