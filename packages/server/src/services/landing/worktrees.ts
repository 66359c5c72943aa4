import type { ListWorktreesInput, PruneResult, PruneWorktreesInput, WorktreeInfo } from "@maestro/domain";
import type { z } from "zod";
import type { VerbArgs } from "../unit-of-work";
import { notYet } from "./pending";

/** The worktrees Maestro made, with what each still holds. */
export async function listWorktrees(_args: VerbArgs<z.output<typeof ListWorktreesInput>>): Promise<WorktreeInfo[]> {
  return notYet("listing worktrees");
}

/** Removes worktrees whose work has landed (or all, with force), and their merged branches. */
export async function pruneWorktrees(_args: VerbArgs<z.output<typeof PruneWorktreesInput>>): Promise<PruneResult> {
  return notYet("pruning worktrees");
}
