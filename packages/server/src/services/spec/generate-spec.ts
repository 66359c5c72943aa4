import { relative } from "node:path";
import { latestDocument } from "@maestro/db";
import {
  CreateTaskInput,
  DRAFT_PERSONA,
  type DocumentPhase,
  DomainError,
  type GenerateSpecInput,
  type Session,
  StartSessionInput,
  type Task,
  draftBrief,
  phasesBefore,
} from "@maestro/domain";
import type { z } from "zod";
import { startSession } from "../session/start-session";
import { createTask } from "../task/create-task";
import { deleteTask } from "../task/delete-task";
import type { VerbArgs } from "../unit-of-work";
import { requireSpec } from "./resolve-spec";
import { documentPath } from "./spec-files";
import { requireSpecProject } from "./save-version";

/**
 * Has an agent draft a phase document: a task on the board carries the brief (the request,
 * the approved earlier documents, the format, the file to write) and a session of the agent
 * works it as analyst, architect or planner. The file it writes becomes the phase's next
 * version through the spec watcher, ready for review like any other.
 */
export function generateSpec({ ctx, input }: VerbArgs<z.output<typeof GenerateSpecInput>>): { task: Task; session: Session } {
  const db = ctx.database.db;
  const spec = requireSpec(db, input.id);
  const phase: DocumentPhase = input.phase ?? (spec.phase === "requirements" || spec.phase === "design" || spec.phase === "tasks" ? spec.phase : "tasks");
  const state = spec.phases.find((entry) => entry.phase === phase)!;
  if (state.reviewState === "approved") {
    throw new DomainError("INVALID_TRANSITION", `the ${phase} of ${spec.slug} is already approved; edit it instead`, { field: "phase" });
  }
  const before = phasesBefore(phase);
  const unapproved = before.find((earlier) => spec.phases.find((entry) => entry.phase === earlier)?.reviewState !== "approved");
  if (unapproved) {
    throw new DomainError("INVALID_TRANSITION", `the ${unapproved} of ${spec.slug} must be approved before its ${phase} can be drafted`, { field: "phase" });
  }
  const project = requireSpecProject(db, spec);
  const pathOf = (of: DocumentPhase) => relative(project.rootDir, documentPath(project.rootDir, spec.slug, of));
  const earlier = before.map((of) => ({ phase: of, path: pathOf(of), text: latestDocument(db, spec.id, of)?.text ?? "" }));
  const brief = draftBrief(spec, phase, earlier, pathOf(phase));
  // Checked before anything is written: a missing agent must not leave a task behind.
  const agent = input.agent ?? project.settings.defaultAgent;
  if (!agent) throw new DomainError("INVALID_INPUT", "name an agent (or set the project's default agent) to draft with", { field: "agent" });
  const run = StartSessionInput.parse({ taskIds: ["placeholder"], agent, persona: DRAFT_PERSONA[phase], role: "planner" });
  const task = createTask({ ctx, input: CreateTaskInput.parse({ projectId: project.id, ...brief, agent, priority: "high" }) });
  try {
    const session = startSession({ ctx, input: { ...run, taskIds: [task.id] } });
    return { task, session };
  } catch (error) {
    // The agent cannot be launched (no such profile, no executable): no half-made work is left.
    deleteTask({ ctx, input: { id: task.id, cascade: false } });
    throw error;
  }
}
