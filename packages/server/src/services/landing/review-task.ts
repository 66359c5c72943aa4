import type { ReviewTaskInput, Session, Task, TaskReview } from "@maestro/domain";
import type { z } from "zod";
import type { VerbArgs } from "../unit-of-work";
import { notYet } from "./pending";

export interface ReviewOutcome {
  task: Task;
  review: TaskReview;
  /** The follow-up session that works on the requested changes (null for an approval). */
  session: Session | null;
}

/** Approve the task's diff (it lands), or request changes (a follow-up session works on them). */
export function reviewTask(_args: VerbArgs<z.output<typeof ReviewTaskInput>>): ReviewOutcome {
  return notYet("reviewing a task");
}
