// One lint config for the monorepo. Besides code quality it enforces the package
// boundaries from docs/architecture.md: only packages/db touches the database driver,
// and the dashboard sees the server only through `import type`.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const DB_DRIVERS = ["drizzle-orm", "drizzle-orm/*", "better-sqlite3", "drizzle-kit"];

export default tseslint.config(
  {
    ignores: ["**/node_modules/**", "**/dist/**", "**/drizzle/**", "**/.turbo/**", "**/test-results/**", "**/playwright-report/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: DB_DRIVERS, message: "Only packages/db may import the database driver; use its repositories." },
            { group: ["@maestro/*/src/*", "**/packages/*/src/*", "**/apps/*/src/*"], message: "Import another package through its public entry point." },
          ],
        },
      ],
    },
  },
  {
    files: ["packages/db/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@maestro/server", "@maestro/cli", "@maestro/runner"], message: "db depends on domain only." }] },
      ],
    },
  },
  {
    files: ["packages/domain/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@maestro/*"], message: "domain is pure: it depends on nothing else in the monorepo." },
            { group: ["node:*", "fs", "path", "child_process", ...DB_DRIVERS], message: "domain is pure: no I/O." },
          ],
        },
      ],
    },
  },
  {
    files: ["apps/dashboard/**"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "react-hooks/set-state-in-effect": "off",
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "@maestro/server", allowTypeImports: true, message: "The dashboard imports the server with `import type` only." },
            { name: "@maestro/db", message: "The dashboard never touches the database." },
          ],
          patterns: [
            { group: DB_DRIVERS, message: "The dashboard never touches the database." },
            { group: ["node:*"], message: "The dashboard runs in the browser." },
          ],
        },
      ],
    },
  },
  {
    files: ["apps/dashboard/vite.config.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
