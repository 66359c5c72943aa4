import { defineConfig } from "vitest/config";

/**
 * The same files on both engines (decision 0011): `sqlite` as a user runs it by default, and
 * `postgres` on a throw-away cluster (test/pg-setup.ts), each test in a database of its own.
 * Tests about SQLite itself (its file after kill -9, a full disk) run on SQLite only.
 */
const SQLITE_ONLY = [
  "test/crash.test.ts",
  "test/storage-full.test.ts",
  "test/landing-crash.test.ts",
  // Group commit is how SQLite shares one fsync among writes; PostgreSQL commits each on its own.
  "test/group-commit.test.ts",
  // The fuzzer's watcher reads the SQLite file between calls to prove a refused call wrote nothing.
  "test/fuzz-procedures.test.ts",
];
/** Several instances on one database: PostgreSQL only (SQLite is one server per file). */
const POSTGRES_ONLY = [
  "test/instances.test.ts",
  "test/instances-sign-in.test.ts",
  "test/team-background.test.ts",
  "test/landing-leases.test.ts",
];

// allowOnly: false — a stray `.only` fails the run instead of silently skipping the rest.
export default defineConfig({
  test: {
    allowOnly: false,
    projects: [
      {
        extends: true,
        test: {
          name: "sqlite",
          include: ["test/**/*.test.ts", "src/**/*.test.ts"],
          exclude: POSTGRES_ONLY,
          env: { MAESTRO_TEST_ENGINE: "sqlite" },
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: ["test/**/*.test.ts"],
          exclude: SQLITE_ONLY,
          env: { MAESTRO_TEST_ENGINE: "postgres" },
          globalSetup: ["./test/pg-setup.ts"],
        },
      },
    ],
  },
});
