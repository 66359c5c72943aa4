/*
 * One spec (`/projects/:key/specs/:slug`, `?phase=requirements|design|tasks`). Accessible names:
 * heading = spec name; link "All specs"; navigation "Phases" (see phase-stepper.tsx); region
 * "<Phase> phase" with the editor (phase-editor.tsx; for a viewer, region "<phase>.md" with the document
 * as read), region "Review" (review-panel.tsx),
 * "Requirements lint" or "Tasks preview", "Version history"; region "Traceability"; meter
 * "Spend of spec <slug>" against the project's budget (see budget/spec-spend.tsx).
 */
import { DOCUMENT_FILES, type DocumentPhase, type SpecDetail } from "@maestro/domain";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { Loading } from "../../components/empty-state";
import { QueryError } from "../../components/query-error";
import { useTRPC } from "../../lib/trpc";
import { useCan } from "../auth/use-me";
import { SpecSpend } from "../budget/spec-spend";
import { useProjectContext } from "../project/project-context";
import { DraftWithAgent } from "./draft-with-agent";
import { LintResults } from "./lint-results";
import { MarkdownPreview } from "./markdown-preview";
import { PhaseEditor } from "./phase-editor";
import { PhaseStepper } from "./phase-stepper";
import { ReviewPanel } from "./review-panel";
import { isDirty } from "./spec-editor-state";
import { PHASE_LABELS, selectedPhase } from "./spec-format";
import styles from "./spec-page.module.css";
import view from "./spec-view.module.css";
import { TasksPreview } from "./tasks-preview";
import { TraceabilityTable } from "./traceability-table";
import { usePhaseDraft } from "./use-phase-draft";
import { VersionHistory } from "./version-history";

export function SpecPage() {
  const { project } = useProjectContext();
  const { slug = "" } = useParams();
  const trpc = useTRPC();
  const spec = useQuery(trpc.spec.byId.queryOptions({ id: `${project.key}/${slug}` }));
  const [searchParams] = useSearchParams();

  if (spec.isPending) return <Loading label="Loading spec…" />;
  if (spec.isError) {
    return (
      <QueryError error={spec.error} notFoundTitle={`Spec ${slug} not found`}>
        <p>
          <Link to={`/projects/${project.key}/specs`}>All specs</Link>
        </p>
      </QueryError>
    );
  }
  const phase = selectedPhase(spec.data, searchParams.get("phase"));
  return (
    <article className={view.view}>
      <title>{`${spec.data.name} · ${project.name} · Maestro`}</title>
      <div className={styles.header}>
        <Link to={`/projects/${project.key}/specs`} className="breadcrumb">
          All specs
        </Link>
        <h2>{spec.data.name}</h2>
        <code className="muted">.maestro/specs/{spec.data.slug}/</code>
        <span className={styles.status}>{spec.data.status}</span>
        <SpecSpend project={project} specId={spec.data.id} slug={spec.data.slug} />
      </div>
      {spec.data.request ? <p className={styles.request}>{spec.data.request}</p> : null}
      <PhaseStepper spec={spec.data} shown={phase} />
      {spec.data.phase === "implementation" || spec.data.phase === "done" ? (
        <p className="notice">
          Every document is approved: the tasks are on the <Link to={`/projects/${project.key}`}>board</Link>, where
          autopilot can run them.
        </p>
      ) : null}
      <PhaseSection key={`${spec.data.id}-${phase}`} spec={spec.data} phase={phase} />
      <TraceabilityTable specId={spec.data.id} projectKey={project.key} />
    </article>
  );
}

function PhaseSection({ spec, phase }: { spec: SpecDetail; phase: DocumentPhase }) {
  const { project } = useProjectContext();
  const state = usePhaseDraft(spec, phase);
  const dirty = isDirty(state.draft);
  usePinWhileDirty(phase, dirty);
  const detail = spec.phases.find((entry) => entry.phase === phase);
  const canEdit = useCan("spec.edit");
  const canGenerate = useCan("spec.generate");
  return (
    <section className={`box ${styles.phase}`} aria-label={`${PHASE_LABELS[phase]} phase`}>
      <div className="section-head">
        <h3>{PHASE_LABELS[phase]}</h3>
        {detail ? <code className="muted">{detail.path}</code> : null}
      </div>
      {canEdit ? (
        <PhaseEditor spec={spec} phase={phase} state={state} />
      ) : (
        <MarkdownPreview text={state.draft.text} label={DOCUMENT_FILES[phase]} />
      )}
      <div className={styles.side}>
        <ReviewPanel spec={spec} phase={phase} hasUnsavedChanges={dirty} />
        {canGenerate ? <DraftWithAgent spec={spec} phase={phase} defaultAgent={project.settings.defaultAgent} /> : null}
        {phase === "requirements" ? <LintResults text={state.draft.text} isDraft={dirty} /> : null}
        {phase === "tasks" ? <TasksPreview specId={spec.id} version={detail?.version ?? null} /> : null}
      </div>
      <VersionHistory specId={spec.id} phase={phase} />
    </section>
  );
}

/**
 * An edited draft pins its phase in the URL, so the spec moving on (approved elsewhere) cannot
 * swap the editor under unsaved text; once saved, the page follows the spec's phase again.
 */
function usePinWhileDirty(phase: DocumentPhase, dirty: boolean) {
  const [searchParams, setSearchParams] = useSearchParams();
  const pinnedRef = useRef(false);
  const isPinned = searchParams.get("phase") === phase;
  useEffect(() => {
    const update = (change: (params: URLSearchParams) => void) =>
      setSearchParams(
        (params) => {
          change(params);
          return params;
        },
        { replace: true },
      );
    if (dirty && !isPinned) {
      pinnedRef.current = true;
      update((params) => params.set("phase", phase));
    } else if (!dirty && isPinned && pinnedRef.current) {
      pinnedRef.current = false;
      update((params) => params.delete("phase"));
    }
  }, [dirty, isPinned, phase, setSearchParams]);
}
