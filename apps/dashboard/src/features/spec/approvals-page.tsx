/*
 * Approvals inbox (`/approvals`): every spec phase waiting for review, across projects.
 * Accessible names: heading "Approvals"; list "Waiting for review", one link per phase named
 * "<spec name>: <Phase>"; empty state "Nothing waiting for review".
 */
import { Link } from "react-router";
import { EmptyState, Loading } from "../../components/empty-state";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useAllProjects } from "../project/use-projects";
import styles from "./approvals-page.module.css";
import { PHASE_LABELS, approvalSummary, pendingReviews } from "./spec-format";
import { useAllSpecs } from "./use-specs";

export function ApprovalsPage() {
  const specs = useAllSpecs();
  const projects = useAllProjects();
  const projectById = new Map((projects.data ?? []).map((project) => [project.id, project]));
  const pending = specs.data ? pendingReviews(specs.data) : [];

  return (
    <div className="page">
      <title>Approvals · Maestro</title>
      <PageHeader title="Approvals" intro="Spec documents waiting for review, in every project, oldest first." />
      {specs.isPending || projects.isPending ? <Loading label="Loading approvals…" /> : null}
      <ErrorAlert error={specs.error ?? projects.error} />
      {specs.isSuccess && pending.length === 0 ? (
        <EmptyState title="Nothing waiting for review">
          <p>A spec phase shows up here when someone presses “Submit for review” on it.</p>
        </EmptyState>
      ) : null}
      {pending.length > 0 && projects.isSuccess ? (
        <ul className={`list-stack ${styles.list}`} aria-label="Waiting for review">
          {pending.map((item) => {
            const project = projectById.get(item.spec.projectId);
            return (
              <li key={`${item.spec.id}-${item.phase}`} className={`box ${styles.item}`}>
                <Link
                  to={`/projects/${project?.key ?? item.spec.projectId}/specs/${item.spec.slug}?phase=${item.phase}`}
                >
                  {item.spec.name}: {PHASE_LABELS[item.phase]}
                </Link>
                <span className="muted">
                  {project ? `${project.name} (${project.key})` : "unknown project"} · version {item.version ?? "—"} ·{" "}
                  {approvalSummary(item.approvals, item.requiredApprovals)}
                </span>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
