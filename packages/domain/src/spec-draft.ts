import { z } from "zod";
import { AgentName, type Persona } from "./agent";
import { EntityRef, MAX_TEXT_LENGTH } from "./common";
import { DOCUMENT_PHASES, DocumentPhase, type Spec } from "./spec";

export const GenerateSpecInput = z.object({
  id: EntityRef,
  /** The phase to draft; defaults to the spec's current phase. */
  phase: DocumentPhase.optional(),
  /** Agent profile; defaults to the project's default agent. */
  agent: AgentName.optional(),
});
export type GenerateSpecInput = z.input<typeof GenerateSpecInput>;

/** Who drafts each phase. */
export const DRAFT_PERSONA: Record<DocumentPhase, Persona> = {
  requirements: "analyst",
  design: "architect",
  tasks: "planner",
};

const FORMAT: Record<DocumentPhase, string> = {
  requirements: [
    "Format: numbered requirements (`## 1. <title>`, sub-requirements `1.1`, …), each with a user story and",
    "acceptance criteria in EARS form, one per line, e.g. `1.1 WHEN <trigger> THE SYSTEM SHALL <response>`",
    "(also: `THE SYSTEM SHALL …`, `WHILE <state> …`, `IF <condition> THEN …`, `WHERE <feature> …`).",
  ].join("\n"),
  design:
    "Format: overview, architecture, components and interfaces, data model, error handling and a testing strategy; refer to requirement numbers.",
  tasks: [
    "Format: a checkbox list, one item per small task, numbered, with sub-items for steps:",
    "`- [ ] 1. <title>` then indented detail lines, `_Requirements: 1.1, 2.3_` and `_Depends: <item number>_`;",
    "sub-items as `  - [ ] 1.1 <title>`. Every requirement should be covered by some task. No dependency cycles.",
  ].join("\n"),
};

/** Earlier documents longer than this are referred to by path only (they are in the repository). */
const MAX_INLINE = 6_000;

export interface DraftBrief {
  title: string;
  description: string;
  acceptanceCriteria: string[];
}

/**
 * The task an agent works to draft one phase of a spec: the request, the approved earlier
 * documents, the format, and where to write the document. Its file is mirrored into a new
 * version when it changes on disk, so the agent's output is the phase document.
 */
export function draftBrief(
  spec: Pick<Spec, "name" | "slug" | "request">,
  phase: DocumentPhase,
  earlier: ReadonlyArray<{ phase: DocumentPhase; path: string; text: string }>,
  documentPath: string,
): DraftBrief {
  const sections = [`Draft the ${phase} document of the spec "${spec.name}".`, "", "## The request", ""];
  for (const doc of earlier) {
    sections.push("", `## Approved ${doc.phase} (${doc.path})`);
    sections.push(doc.text.length <= MAX_INLINE ? doc.text.trim() : `Too long to quote here: read ${doc.path}.`);
  }
  sections.push("", "## What to write", FORMAT[phase], "", `Write the document to: ${documentPath}`);
  sections.push("Write only that file. Maestro stores every change of it as a new version for review.");
  return {
    title: `Draft the ${phase} of spec ${spec.slug}`,
    description: withRequest(sections, 3, spec.request.trim()),
    acceptanceCriteria: [`${documentPath} holds the complete ${phase} document`, "The format above is followed"],
  };
}

const CUT_REQUEST = "\n[… the request goes on: cut to fit a task's description]";

/**
 * The brief becomes a task's description, which holds at most MAX_TEXT_LENGTH characters: a long
 * request (up to that length itself) with the brief around it would not fit, so it is cut.
 */
function withRequest(sections: string[], at: number, request: string): string {
  const room = MAX_TEXT_LENGTH - sections.join("\n").length;
  sections[at] = request.length <= room ? request : request.slice(0, room - CUT_REQUEST.length) + CUT_REQUEST;
  return sections.join("\n");
}

/** The phases before `phase`, in order. */
export function phasesBefore(phase: DocumentPhase): DocumentPhase[] {
  return DOCUMENT_PHASES.slice(0, DOCUMENT_PHASES.indexOf(phase));
}
