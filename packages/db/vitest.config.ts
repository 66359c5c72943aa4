import { defineConfig } from "vitest/config";

// allowOnly: false — a stray `.only` fails the run instead of silently skipping the rest.
// The PostgreSQL project shares one throw-away cluster per run (src/testing/pg-global-setup.ts);
// the SQLite-only tests start none.
const POSTGRES_TESTS = ["test/store/**/*.test.ts", "test/pg/**/*.test.ts"];

export default defineConfig({
  test: {
    allowOnly: false,
    projects: [
      {
        extends: true,
        test: { name: "sqlite", include: ["test/**/*.test.ts", "src/**/*.test.ts"], exclude: POSTGRES_TESTS },
      },
      {
        extends: true,
        test: { name: "with-postgres", include: POSTGRES_TESTS, globalSetup: ["./src/testing/pg-global-setup.ts"] },
      },
    ],
  },
});
