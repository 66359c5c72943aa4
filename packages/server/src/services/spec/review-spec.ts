import { latestForWrite } from "./latest-for-write";
import { type Db, findSpecById, insertReview, listApprovals, setReviewState } from "@maestro/db";
import {
  DOCUMENT_PHASES,
  type DocumentPhase,
  DomainError,
  type PhaseFacts,
  type ReviewKind,
  type ReviewSpecInput,
  type Spec,
  decideApproval,
  decideChangeRequest,
  decideSubmission,
  previousPhase,
} from "@maestro/domain";
import type { z } from "zod";
import { type RecordEvent, type VerbArgs, inTransaction } from "../unit-of-work";
import { requireSpec } from "./resolve-spec";
import { assertDiskInSync, refreshPhase, requireSpecProject } from "./save-version";
import { type PlanToSync, syncTasksFromPlan } from "./spec-task-sync";

type Input = z.output<typeof ReviewSpecInput>;

/** The named phase, else the spec's current one (which must have a document). */
function phaseOf(spec: Spec, phase: DocumentPhase | undefined): DocumentPhase {
  if (phase) return phase;
  const current = DOCUMENT_PHASES.find((candidate) => candidate === spec.phase);
  if (!current) {
    throw new DomainError("INVALID_INPUT", `spec ${spec.slug} is in ${spec.phase}; name the phase to review`, {
      field: "phase",
    });
  }
  return current;
}

async function phaseFacts(db: Db, spec: Spec, phase: DocumentPhase): Promise<PhaseFacts> {
  const state = spec.phases.find((entry) => entry.phase === phase)!;
  const previous = previousPhase(phase);
  return {
    phase,
    reviewState: state.reviewState,
    version: state.version,
    previousState: previous ? spec.phases.find((entry) => entry.phase === previous)!.reviewState : null,
    requiredApprovals: state.requiredApprovals,
    approvers:
      state.version === null
        ? []
        : (await listApprovals(db, spec.id, phase, state.version)).map((review) => review.actor),
  };
}

/** The review state this step leads to, as the domain's rules decide. */
function decideNext(kind: ReviewKind, facts: PhaseFacts, actor: string): PhaseFacts["reviewState"] {
  switch (kind) {
    case "approval":
      return decideApproval(facts, actor);
    case "submission":
      return decideSubmission(facts);
    case "change_request":
      return decideChangeRequest(facts);
  }
}

/** An approved plan becomes tasks in the review's transaction: a bad plan leaves nothing changed. */
async function syncApprovedPlan(tx: Db, record: RecordEvent, { project, spec, text }: PlanToSync): Promise<void> {
  const { created, updated } = await syncTasksFromPlan(tx, record, { project, spec, text });
  record({
    kind: "spec.tasks_synced",
    entity: "spec",
    entityId: spec.id,
    projectId: spec.projectId,
    payload: { spec: (await findSpecById(tx, spec.id))!, created, updated },
  });
}

/**
 * One review step: the domain rules decide the next state; approving the tasks phase turns
 * tasks.md into tasks in the same transaction, so a bad plan leaves nothing changed.
 */
async function review({ ctx, input }: VerbArgs<Input>, kind: ReviewKind): Promise<Spec> {
  return await inTransaction(ctx, async (tx, record) => {
    const spec = await requireSpec(tx, input.id);
    const phase = phaseOf(spec, input.phase);
    const facts = await phaseFacts(tx, spec, phase);
    const next = decideNext(kind, facts, ctx.actor);
    const project = await requireSpecProject(tx, spec);
    const latest = (await latestForWrite(tx, spec.id, phase))!;
    if (kind === "approval") assertDiskInSync(project, spec, phase, latest);
    const reviewRecord = await insertReview(tx, {
      specId: spec.id,
      phase,
      kind,
      version: latest.version,
      actor: ctx.actor,
      comment: input.comment,
    });
    if (next !== facts.reviewState) await setReviewState(tx, spec.id, phase, next);
    if (phase === "tasks" && next === "approved") {
      await syncApprovedPlan(tx, record, { project, spec, text: latest.text });
    }
    record({
      kind: "spec.reviewed",
      entity: "spec",
      entityId: spec.id,
      projectId: spec.projectId,
      payload: { spec: (await findSpecById(tx, spec.id))!, review: reviewRecord },
    });
    return refreshPhase(tx, record, spec.id);
  });
}

export const submitSpec = (args: VerbArgs<Input>) => review(args, "submission");
export const approveSpec = (args: VerbArgs<Input>) => review(args, "approval");
export const rejectSpec = (args: VerbArgs<Input>) => review(args, "change_request");
