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
import { queueSession } from "../session/start-session";
import { insertNewTask } from "../task/create-task";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { requireSpec } from "./resolve-spec";
import { documentPath } from "./spec-files";
import { requireSpecProject } from "./save-version";

/**
 * Has an agent draft a phase document: a task on the board carries the brief (the request,
 * the approved earlier documents, the format, the file to write) and a session of the agent
 * works it as analyst, architect or planner. The file it writes becomes the phase's next
 * version through the spec watcher, ready for review like any other.
 */
export function generateSpec({ ctx, input }: VerbArgs<z.output<typeof GenerateSpecInput>>): {
  task: Task;
  session: Session;
} {
  // One transaction: an agent that cannot be launched leaves no task (and no event) behind.
  return inTransaction(ctx, (tx, record) => {
    const spec = requireSpec(tx, input.id);
    const phase: DocumentPhase =
      input.phase ??
      (spec.phase === "requirements" || spec.phase === "design" || spec.phase === "tasks" ? spec.phase : "tasks");
    const state = spec.phases.find((entry) => entry.phase === phase)!;
    if (state.reviewState === "approved") {
      throw new DomainError("INVALID_TRANSITION", `the ${phase} of ${spec.slug} is already approved; edit it instead`, {
        field: "phase",
      });
    }
    const before = phasesBefore(phase);
    const unapproved = before.find(
      (earlier) => spec.phases.find((entry) => entry.phase === earlier)?.reviewState !== "approved",
    );
    if (unapproved) {
      throw new DomainError(
        "INVALID_TRANSITION",
        `the ${unapproved} of ${spec.slug} must be approved before its ${phase} can be drafted`,
        { field: "phase" },
      );
    }
    const project = requireSpecProject(tx, spec);
    const agent = input.agent ?? project.settings.defaultAgent;
    if (!agent) {
      throw new DomainError("INVALID_INPUT", "name an agent (or set the project's default agent) to draft with", {
        field: "agent",
      });
    }
    const pathOf = (of: DocumentPhase) => relative(project.rootDir, documentPath(project.rootDir, spec.slug, of));
    const earlier = before.map((of) => ({
      phase: of,
      path: pathOf(of),
      text: latestDocument(tx, spec.id, of)?.text ?? "",
    }));
    const brief = draftBrief(spec, phase, earlier, pathOf(phase));
    const task = insertNewTask(
      ctx,
      tx,
      record,
      CreateTaskInput.parse({ projectId: project.id, ...brief, agent, priority: "high" }),
    );
    const session = queueSession(
      ctx,
      tx,
      record,
      StartSessionInput.parse({ taskIds: [task.id], agent, persona: DRAFT_PERSONA[phase], role: "planner" }),
    );
    return { task, session };
  });
}
