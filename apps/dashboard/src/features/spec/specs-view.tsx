/*
 * Specs of a project (`/projects/:key/specs`). Accessible names for tests:
 * region "Specs"; button "New spec" (not for a viewer) → dialog "New spec" (see new-spec-dialog.tsx); table
 * "Specs" with one row per spec whose link is the spec's name; empty state "No specs yet"; past
 * 100 specs, button "Load more specs".
 */
import { DOCUMENT_PHASES, type Spec } from "@maestro/domain";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import { EmptyState, Loading } from "../../components/empty-state";
import { ErrorAlert } from "../../components/error-alert";
import { LoadMore } from "../../components/load-more";
import { TableHead } from "../../components/table-head";
import { loadedItems } from "../../lib/pages";
import { useCan } from "../auth/use-me";
import { useProjectContext } from "../project/project-context";
import { NewSpecDialog } from "./new-spec-dialog";
import { ReviewStateBadge } from "./review-state-badge";
import { PHASE_LABELS, REVIEW_STATE_LABELS } from "./spec-format";
import view from "./spec-view.module.css";
import styles from "./specs-view.module.css";
import { useSpecPages } from "./use-specs";

export function SpecsView() {
  const { project } = useProjectContext();
  const specs = useSpecPages(project.id);
  const loaded = useMemo(() => loadedItems(specs.data), [specs.data]);
  const [isCreating, setIsCreating] = useState(false);
  const canCreate = useCan("spec.create");

  return (
    <section className={view.view} aria-label="Specs">
      <div className={`section-head ${styles.head}`}>
        <h2>Specs</h2>
        <p className="muted">
          A feature taken through requirements, design and tasks, each reviewed, before code is written.
        </p>
        {canCreate ? (
          <button type="button" className="button button--primary" onClick={() => setIsCreating(true)}>
            New spec
          </button>
        ) : null}
      </div>
      {specs.isPending ? <Loading label="Loading specs…" /> : null}
      <ErrorAlert error={specs.error} />
      {specs.isSuccess && loaded.length === 0 ? <NoSpecs /> : null}
      {specs.isSuccess && loaded.length > 0 ? <SpecsTable projectKey={project.key} specs={loaded} /> : null}
      <LoadMore query={specs} what="specs" />
      {isCreating ? <NewSpecDialog project={project} onClose={() => setIsCreating(false)} /> : null}
    </section>
  );
}

function SpecsTable({ projectKey, specs }: { projectKey: string; specs: Spec[] }) {
  return (
    <table className="data-table" aria-label="Specs">
      <TableHead columns={["Name", "Phase", "Requirements", "Design", "Tasks", "Updated"]} />
      <tbody>
        {specs.map((spec) => (
          <tr key={spec.id}>
            <th scope="row">
              <Link to={`/projects/${projectKey}/specs/${spec.slug}`}>{spec.name}</Link>
            </th>
            <td>{PHASE_LABELS[spec.phase]}</td>
            {DOCUMENT_PHASES.map((phase) => {
              const state = spec.phases.find((entry) => entry.phase === phase);
              return (
                <td key={phase}>
                  <ReviewStateBadge state={state?.reviewState ?? "draft"}>
                    {!state || state.version === null ? "Not written" : REVIEW_STATE_LABELS[state.reviewState]}
                  </ReviewStateBadge>
                </td>
              );
            })}
            <td>
              <time dateTime={spec.updatedAt}>{new Date(spec.updatedAt).toLocaleString()}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NoSpecs() {
  return (
    <EmptyState title="No specs yet">
      <p>
        Start one with <strong>New spec</strong>: name the feature and say what is wanted. Or from a terminal:
      </p>
      <pre className="command">maestro spec create &lt;name&gt; --project &lt;key&gt; --request "…"</pre>
    </EmptyState>
  );
}
