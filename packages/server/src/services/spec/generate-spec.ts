import { relative } from "node:path";
import { type Db, latestDocument } from "@maestro/db";
import {
  CreateTaskInput,
  DRAFT_PERSONA,
  type DocumentPhase,
  DomainError,
  type GenerateSpecInput,
  type Project,
  type Session,
  type Spec,
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

type Input = z.output<typeof GenerateSpecInput>;

/** The phase asked for (else the spec's current one): not approved yet, every earlier one approved. */
function requireDraftablePhase(spec: Spec, requested: DocumentPhase | undefined): DocumentPhase {
  const phase: DocumentPhase =
    requested ??
    (spec.phase === "requirements" || spec.phase === "design" || spec.phase === "tasks" ? spec.phase : "tasks");
  const reviewState = (of: DocumentPhase) => spec.phases.find((entry) => entry.phase === of)?.reviewState;
  if (reviewState(phase) === "approved") {
    throw new DomainError("INVALID_TRANSITION", `the ${phase} of ${spec.slug} is already approved; edit it instead`, {
      field: "phase",
    });
  }
  const unapproved = phasesBefore(phase).find((earlier) => reviewState(earlier) !== "approved");
  if (unapproved) {
    throw new DomainError(
      "INVALID_TRANSITION",
      `the ${unapproved} of ${spec.slug} must be approved before its ${phase} can be drafted`,
      { field: "phase" },
    );
  }
  return phase;
}

function requireDraftingAgent(input: Input, project: Project): string {
  const agent = input.agent ?? project.settings.defaultAgent;
  if (!agent) {
    throw new DomainError("INVALID_INPUT", "name an agent (or set the project's default agent) to draft with", {
      field: "agent",
    });
  }
  return agent;
}

/** The brief names files relative to the project root: that is where the agent works. */
async function briefFor(tx: Db, { spec, project, phase }: { spec: Spec; project: Project; phase: DocumentPhase }) {
  const pathOf = (of: DocumentPhase) => relative(project.rootDir, documentPath(project.rootDir, spec.slug, of));
  const earlier = [];
  for (const of of phasesBefore(phase)) {
    earlier.push({ phase: of, path: pathOf(of), text: (await latestDocument(tx, spec.id, of))?.text ?? "" });
  }
  return draftBrief(spec, phase, earlier, pathOf(phase));
}

/**
 * Has an agent draft a phase document: a task on the board carries the brief (the request,
 * the approved earlier documents, the format, the file to write) and a session of the agent
 * works it as analyst, architect or planner. The file it writes becomes the phase's next
 * version through the spec watcher, ready for review like any other.
 */
export async function generateSpec({ ctx, input }: VerbArgs<Input>): Promise<{ task: Task; session: Session }> {
  // One transaction: an agent that cannot be launched leaves no task (and no event) behind.
  return await inTransaction(ctx, async (tx, record) => {
    const spec = await requireSpec(tx, input.id);
    const phase = requireDraftablePhase(spec, input.phase);
    const project = await requireSpecProject(tx, spec);
    const agent = requireDraftingAgent(input, project);
    const brief = await briefFor(tx, { spec, project, phase });
    const taskInput = CreateTaskInput.parse({ projectId: project.id, ...brief, agent, priority: "high" });
    const task = await insertNewTask(ctx, tx, record, taskInput);
    const sessionInput = { taskIds: [task.id], agent, persona: DRAFT_PERSONA[phase], role: "planner" };
    const session = await queueSession({ ctx, tx, record, input: StartSessionInput.parse(sessionInput) });
    return { task, session };
  });
}
