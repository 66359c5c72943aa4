import type { LandTaskInput, Task } from "@maestro/domain";
import type { VerbArgs } from "../unit-of-work";
import { notYet } from "./pending";

/** Lands the task's branch now, or says exactly why it cannot. */
export async function landTask(_args: VerbArgs<LandTaskInput>): Promise<Task> {
  return notYet("landing a task");
}
