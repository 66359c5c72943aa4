import { DomainError } from "@maestro/domain";

/** SQLite's answer when a write needs a page there is no room for (disk full, or max_page_count reached). */
const FULL_CODES = new Set(["SQLITE_FULL"]);

/**
 * A failed write because the disk is full, as a DomainError the API can explain; undefined for
 * any other failure. SQLite rolls the transaction back, so nothing half-written remains.
 */
export function storageErrorOf(error: unknown): DomainError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !FULL_CODES.has(code)) return undefined;
  return new DomainError(
    "STORAGE_FULL",
    "the disk holding Maestro's database is full: nothing was saved; free some space and try again",
  );
}
