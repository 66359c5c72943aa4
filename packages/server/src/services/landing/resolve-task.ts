import type { ResolveTaskInput, Session } from "@maestro/domain";
import type { VerbArgs } from "../unit-of-work";
import { notYet } from "./pending";

/** Starts a session that merges the target branch into the task's branch and resolves the conflicts. */
export function resolveTask(_args: VerbArgs<ResolveTaskInput>): Session {
  return notYet("resolving a conflict");
}
