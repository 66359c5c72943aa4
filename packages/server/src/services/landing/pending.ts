import { DomainError } from "@maestro/domain";

/**
 * The landing verbs whose engine is being built (review, land, resolve, worktree hygiene): they
 * refuse clearly until then. Removed when the lander lands.
 */
export function notYet(what: string): never {
  throw new DomainError("INVALID_TRANSITION", `${what} is not available yet`);
}
