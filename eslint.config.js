// One lint config for the monorepo. Besides code quality it enforces the architecture
// (docs/architecture.md): which workspace package may import which, no deep imports into
// another package, no import cycles, the database driver only in packages/db, and
// process.env read only in each package's env module. scripts/check-lint-rules.mjs feeds
// forbidden code to this config and fails if any rule stays silent.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";
import { WORKSPACE, importRestrictions } from "./scripts/boundaries.mjs";

const TS_FILES = ["**/*.ts", "**/*.tsx", "**/*.mts"];
/** Tests and tooling: they may import more (a package's tests start a real server) and run in Node. */
const TEST_FILES = [
  "**/test/**",
  "**/*.test.ts",
  "**/*.test.tsx",
  "e2e/**",
  "**/*.config.ts",
  "**/build.mjs",
  "**/bin/**",
];
/** The one module per package that reads process.env, and tooling configs that must. */
const ENV_MODULES = [
  "packages/*/src/env.ts",
  "bench/env.ts",
  "chaos/env.ts",
  "e2e/playwright.config.ts",
  "**/*.config.ts",
];

/** Per package: its import boundaries, for source files and (more permissive) for its tests. */
function boundaryConfigs() {
  return Object.entries(WORKSPACE).flatMap(([name, pkg]) => [
    {
      name: `boundaries/${name}`,
      files: [`${pkg.dir}/**/*.{ts,tsx,mts,js,mjs}`],
      ignores: TEST_FILES,
      rules: { "@typescript-eslint/no-restricted-imports": ["error", importRestrictions(name)] },
    },
    {
      name: `boundaries/${name}/tests`,
      files: TEST_FILES.map((glob) => `${pkg.dir}/${glob}`),
      rules: { "@typescript-eslint/no-restricted-imports": ["error", importRestrictions(name, { isTest: true })] },
    },
  ]);
}

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/drizzle/**",
      "**/.turbo/**",
      "**/test-results/**",
      "**/playwright-report/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Formatting is Prettier's (run by `pnpm lint`); this turns off the rules it owns.
  prettier,
  {
    name: "maestro/base",
    languageOptions: { globals: { ...globals.node } },
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": importX.flatConfigs.typescript.settings["import-x/extensions"],
      "import-x/parsers": importX.flatConfigs.typescript.settings["import-x/parsers"],
      "import-x/resolver-next": [
        createTypeScriptImportResolver({
          project: Object.values(WORKSPACE).map((pkg) => `${pkg.dir}/tsconfig.json`),
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      curly: ["error", "multi-line"],
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-relative-packages": "error",
      "import-x/no-self-import": "error",
      "import-x/no-useless-path-segments": "error",
      "import-x/no-duplicates": "error",
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read the environment once, in the package's env module (src/env.ts), and pass values on.",
        },
      ],
    },
  },
  {
    name: "maestro/no-export-all",
    files: TS_FILES,
    ignores: TEST_FILES,
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "ExportAllDeclaration",
          message: "Name what a module exports (no `export *`): a package's surface is explicit.",
        },
      ],
    },
  },
  {
    // Every promise is awaited, returned or handled: the store is asynchronous (decision 0011),
    // and a forgotten await there is a write that may land after its answer, or never.
    name: "maestro/promises",
    files: ["packages/{server,db,runner,cli}/{src,test}/**/*.ts"],
    languageOptions: {
      parserOptions: {
        // scripts/lint-rules.test.mjs lints made-up files (x.ts) that no tsconfig includes.
        projectService: {
          allowDefaultProject: ["packages/*/src/x.ts", "packages/*/src/*/x.ts", "packages/*/test/x.test.ts"],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-misused-promises": [
        "error",
        {
          checksVoidReturn: { arguments: true, attributes: false, properties: false, returns: false, variables: false },
        },
      ],
    },
  },
  ...boundaryConfigs(),
  {
    name: "maestro/env-modules",
    files: [...ENV_MODULES, ...TEST_FILES, "scripts/**"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    name: "maestro/dashboard",
    files: ["apps/dashboard/**"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "react-hooks/set-state-in-effect": "off",
    },
  },
);
