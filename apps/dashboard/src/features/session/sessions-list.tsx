import { SESSION_STATUSES, type Project } from "@maestro/domain";
import { useMemo } from "react";
import { EmptyState, Loading } from "../../components/empty-state";
import { EnumOptions } from "../../components/enum-options";
import { ErrorAlert } from "../../components/error-alert";
import { Field } from "../../components/field";
import { useAllProjects } from "../project/use-projects";
import { SESSION_STATUS_LABELS } from "./session-labels";
import styles from "./sessions-list.module.css";
import { SessionsTable } from "./sessions-table";
import { useSessionList, useStatusFilter } from "./use-session-list";

/**
 * A live table of sessions with select "Status" ("All statuses" or one status). With a project,
 * that project's sessions; without, every project's (with a Project column).
 */
export function SessionsList({ project }: { project?: Project }) {
  const { status, setStatus } = useStatusFilter();
  const sessions = useSessionList(project?.id, status);
  const loaded = useMemo(() => sessions.data?.pages.flatMap((page) => page.items) ?? [], [sessions.data]);
  const projects = useAllProjects({ enabled: !project });
  const projectsById = useMemo(
    () => (project ? undefined : new Map((projects.data ?? []).map((item) => [item.id, item]))),
    [project, projects.data],
  );

  return (
    <section aria-label="Sessions">
      <div className={styles.toolbar}>
        <Field label="Status">
          {(props) => (
            <select
              {...props}
              value={status ?? ""}
              onChange={(event) => setStatus((event.target.value || null) as typeof status)}
            >
              <option value="">All statuses</option>
              <EnumOptions values={SESSION_STATUSES} labels={SESSION_STATUS_LABELS} />
            </select>
          )}
        </Field>
      </div>
      {sessions.isPending ? <Loading label="Loading sessions…" /> : null}
      {sessions.isError ? <ErrorAlert error={sessions.error} /> : null}
      {sessions.isSuccess && loaded.length === 0 ? (
        <EmptyState title={status ? `No ${SESSION_STATUS_LABELS[status].toLowerCase()} sessions` : "No sessions yet"}>
          <p>
            Open a task and press <strong>Run</strong> to start an agent on it, or from a terminal:{" "}
            <code>maestro task run {project ? `${project.key}-1` : "<task>"} --agent &lt;profile&gt;</code>
          </p>
        </EmptyState>
      ) : null}
      {sessions.isSuccess && loaded.length > 0 ? <SessionsTable sessions={loaded} projectsById={projectsById} /> : null}
      {sessions.hasNextPage ? (
        <div className={styles.more}>
          <button type="button" onClick={() => void sessions.fetchNextPage()} disabled={sessions.isFetchingNextPage}>
            {sessions.isFetchingNextPage ? "Loading more sessions…" : "Load more sessions"}
          </button>
        </div>
      ) : null}
    </section>
  );
}
