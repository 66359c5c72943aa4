import { DomainError } from "@maestro/domain";

/**
 * A unique key a caller hits by asking for a name that is taken. The services check first, but
 * on PostgreSQL two instances' checks both pass before either commits: the index decides, and
 * the loser must hear ALREADY_EXISTS about its field, not an internal error.
 */
interface UserKey {
  /** PostgreSQL's constraint or unique index name. */
  pg: string;
  /** What SQLite names after "UNIQUE constraint failed: " (the columns, or an expression index). */
  sqlite: string;
  field: string;
  message: string;
}

export const USER_UNIQUE_KEYS: readonly UserKey[] = [
  { pg: "projects_key_unique", sqlite: "projects.key", field: "key", message: "this project key is already used" },
  {
    pg: "agent_profiles_pkey",
    sqlite: "agent_profiles.name",
    field: "name",
    message: "an agent with this name already exists; change it with update or remove it first",
  },
  {
    pg: "tokens_live_name_idx",
    sqlite: "index 'tokens_live_name_idx'",
    field: "name",
    message: "a token with this name already exists (revoke it first to give the name again)",
  },
  {
    pg: "specs_project_slug_unique",
    sqlite: "specs.project_id, specs.slug",
    field: "slug",
    message: "the project already has a spec with this slug",
  },
  {
    pg: "specs_project_source_ref_unique",
    sqlite: "specs.project_id, specs.source_ref",
    field: "sourceRef",
    message: "the project already has a spec imported from this source",
  },
  {
    pg: "tasks_project_source_ref_unique",
    sqlite: "tasks.project_id, tasks.source_ref",
    field: "sourceRef",
    message: "the project already has a task imported from this source",
  },
];

/**
 * Unique keys no request can hit by naming something: ids, numbers and versions the server
 * allocates under a lock or a counter. Hitting one is a bug, reported as an internal error.
 */
export const INTERNAL_UNIQUE_KEYS: readonly string[] = [
  "tasks_key_unique",
  "tasks_project_number_unique",
  "spec_tasks_task_unique",
  "tokens_secret_hash_idx",
  // One land job per task: queued with ON CONFLICT DO NOTHING, so a second queueing is no error.
  "land_jobs_task_id_unique",
];

interface DriverError {
  code: string;
  message: string;
  constraint?: string;
}

/** The driver's own error under drizzle's wrapping (DrizzleQueryError keeps it as `cause`). */
export function driverErrorOf(error: unknown): DriverError | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === "string" && typeof message === "string") return current as DriverError;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const SQLITE_UNIQUE_CODES = new Set(["SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"]);
const SQLITE_PREFIX = "UNIQUE constraint failed: ";

/** The key a unique violation (PostgreSQL 23505, SQLite's UNIQUE/PRIMARYKEY constraint) names. */
function violatedKey(error: DriverError): UserKey | undefined {
  if (error.code === "23505") return USER_UNIQUE_KEYS.find((key) => key.pg === error.constraint);
  if (!SQLITE_UNIQUE_CODES.has(error.code) || !error.message.startsWith(SQLITE_PREFIX)) return undefined;
  const named = error.message.slice(SQLITE_PREFIX.length);
  return USER_UNIQUE_KEYS.find((key) => key.sqlite === named);
}

/**
 * A write refused because the name it asked for is taken, as ALREADY_EXISTS naming the field;
 * any other error as it was. Applied where transactions and savepoints end, on both engines.
 */
export function asDomainError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const driver = driverErrorOf(error);
  const key = driver && violatedKey(driver);
  return key ? new DomainError("ALREADY_EXISTS", `${key.field}: ${key.message}`, { field: key.field }) : error;
}
