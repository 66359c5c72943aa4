import { type Db, findAgent } from "@maestro/db";
import { DomainError } from "@maestro/domain";

/** Every delegate names a profile that exists now (a built-in or a stored one). */
export async function assertDelegatesExist(db: Db, delegates: readonly string[] | undefined): Promise<void> {
  const missing: string[] = [];
  for (const name of delegates ?? []) {
    if (!(await findAgent(db, name))) missing.push(name);
  }
  if (missing.length === 0) return;
  throw new DomainError(
    "INVALID_INPUT",
    `delegates: no agent profile named ${missing.join(", ")} (add it first, or see maestro agent list)`,
    { field: "delegates" },
  );
}
