import { DomainError } from "@maestro/domain";

/** Tries before a suggested name that keeps being taken is reported as taken. */
const ATTEMPTS = 20;

/**
 * Runs `create` again when the name it suggested itself (a project key, a spec slug) was taken
 * between its check and its insert: on PostgreSQL another instance may commit the same
 * suggestion, and the unique key refuses the second (ALREADY_EXISTS on `field`). The next try
 * sees the committed name and suggests the next one. A name the caller gave is never retried.
 */
export async function retryTakenSuggestion<T>(field: string, create: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      const isTaken = error instanceof DomainError && error.code === "ALREADY_EXISTS" && error.details.field === field;
      if (!isTaken || attempt >= ATTEMPTS) throw error;
    }
  }
}
