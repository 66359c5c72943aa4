/**
 * Every failure a user or an agent can cause is a DomainError with one of these codes.
 * The server maps each code to a tRPC code in exactly one place; clients branch on the code.
 */
export const DOMAIN_ERROR_CODES = [
  "NOT_FOUND",
  "INVALID_INPUT",
  "DEPENDENCY_CYCLE",
  "CROSS_PROJECT",
  "VERSION_CONFLICT",
  "ALREADY_EXISTS",
  "INVALID_TRANSITION",
  "HAS_CHILDREN",
  "UNAUTHORIZED",
  "FORBIDDEN",
  /** The disk holding the database is full: nothing was written; it works again once space is freed. */
  "STORAGE_FULL",
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface DomainErrorDetails {
  /** The input field the error is about, e.g. `title` or `dependsOn`. */
  field?: string;
  /** For DEPENDENCY_CYCLE: the keys along the cycle, first repeated last. */
  cycle?: string[];
  /** For VERSION_CONFLICT: the version currently stored. */
  currentVersion?: number;
}

export class DomainError extends Error {
  override readonly name = "DomainError";

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

export function notFound(entity: string, ref: string): DomainError {
  return new DomainError("NOT_FOUND", `${entity} "${ref}" not found`);
}

/** A failure as one line for a log or a message: its message if it is an Error, else its text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
