// Proves the lint rules that guard the architecture bite: each case feeds code the architecture
// forbids to the real ESLint config and expects the named rule to report it (and allowed code
// to pass). Run by `pnpm lint`.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import * as prettier from "prettier";
import { WORKSPACE } from "./boundaries.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const eslint = new ESLint({ cwd: root });

async function rulesReported(filePath, code) {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return result.messages.map((message) => message.ruleId ?? message.message);
}

const RESTRICTED = "@typescript-eslint/no-restricted-imports";

/** [file, code, the rule that must report it] */
const FORBIDDEN = [
  ["packages/runner/src/x.ts", 'import "@maestro/db";', RESTRICTED],
  ["packages/runner/src/x.ts", 'import "@maestro/cli";', RESTRICTED],
  ["packages/runner/src/x.ts", 'import { appRouter } from "@maestro/server";\nvoid appRouter;', RESTRICTED],
  ["packages/runner/src/x.ts", 'import "../../server/src/trpc";', "import-x/no-relative-packages"],
  ["packages/runner/src/x.ts", 'import "@maestro/server/src/trpc";', RESTRICTED],
  ["packages/runner/src/x.ts", 'import "drizzle-orm";', RESTRICTED],
  ["packages/runner/src/x.ts", "export const env = process.env;", "no-restricted-properties"],
  ["apps/dashboard/src/x.ts", 'import "@maestro/db";', RESTRICTED],
  ["apps/dashboard/src/x.ts", 'import { appRouter } from "@maestro/server";\nvoid appRouter;', RESTRICTED],
  ["apps/dashboard/src/x.ts", 'import "@maestro/domain/src/task";', RESTRICTED],
  ["apps/dashboard/src/x.ts", 'import "node:fs";', RESTRICTED],
  ["apps/dashboard/src/x.ts", 'import "events";', RESTRICTED],
  ["apps/dashboard/src/x.ts", 'import "better-sqlite3";', RESTRICTED],
  ["packages/domain/src/x.ts", 'import "@maestro/db";', RESTRICTED],
  ["packages/domain/src/x.ts", 'import "node:fs";', RESTRICTED],
  ["packages/domain/src/x.ts", 'import "fs/promises";', RESTRICTED],
  ["packages/domain/src/x.ts", 'import "lodash";', RESTRICTED],
  ["packages/domain/src/x.ts", 'export * from "./task";', "no-restricted-syntax"],
  ["packages/db/src/x.ts", 'import "@maestro/server";', RESTRICTED],
  ["packages/db/src/x.ts", 'import "@maestro/domain/src/task";', RESTRICTED],
  ["packages/server/src/x.ts", 'import "@maestro/cli";', RESTRICTED],
  ["packages/server/src/x.ts", 'import "@maestro/runner";', RESTRICTED],
  ["packages/server/src/x.ts", 'import "drizzle-orm";', RESTRICTED],
  ["packages/server/src/x.ts", 'import "pg";', RESTRICTED],
  ["packages/server/src/x.ts", 'import "../../db/src/database";', "import-x/no-relative-packages"],
  ["packages/server/src/services/x.ts", "export const port = process.env.PORT;", "no-restricted-properties"],
  ["packages/cli/src/x.ts", 'import "@maestro/db";', RESTRICTED],
  ["packages/cli/src/x.ts", 'import "better-sqlite3";', RESTRICTED],
  ["packages/cli/src/x.ts", 'import { startServer } from "@maestro/server";\nvoid startServer;', RESTRICTED],
  ["packages/cli/src/x.ts", 'import { createRunner } from "@maestro/runner";\nvoid createRunner;', RESTRICTED],
  ["packages/runner/test/x.test.ts", 'import "@maestro/db";', RESTRICTED],
];

const ALLOWED = [
  ["packages/runner/src/x.ts", 'import type { AppRouter } from "@maestro/server";\nexport type R = AppRouter;'],
  ["packages/runner/src/x.ts", 'import { isSessionLive } from "@maestro/domain";\nvoid isSessionLive;'],
  ["packages/runner/test/x.test.ts", 'import { startServer } from "@maestro/server";\nvoid startServer;'],
  ["apps/dashboard/src/x.ts", 'import type { AppRouter } from "@maestro/server";\nexport type R = AppRouter;'],
  ["packages/domain/src/x.ts", 'import { z } from "zod";\nexport const Name = z.string();'],
  [
    "packages/cli/src/x.ts",
    'export async function load() {\n  return (await import("@maestro/server")).startServer;\n}',
  ],
  ["packages/cli/test/x.test.ts", 'import { startServer } from "@maestro/server";\nvoid startServer;'],
  // A module of the package's own that shares a built-in's name is not the built-in.
  ["packages/domain/src/x.ts", 'import type { AgentEvent } from "./agent-output/events";\nexport type E = AgentEvent;'],
  ["apps/dashboard/src/x.ts", 'import { x } from "./events";\nexport const y = x;'],
  ["packages/db/src/x.ts", 'import { sql } from "drizzle-orm";\nvoid sql;'],
  ["packages/server/src/x.ts", 'import { openDatabase } from "@maestro/db";\nvoid openDatabase;'],
  [
    "packages/cli/src/x.ts",
    'export async function load() {\n  return (await import("@maestro/runner")).createRunner;\n}',
  ],
  ["packages/runner/src/env.ts", "export const env = process.env;"],
];

describe("the lint rules that guard the architecture", () => {
  for (const [file, code, rule] of FORBIDDEN) {
    test(`${file}: ${code.split("\n")[0]} → ${rule}`, async () => {
      assert.ok((await rulesReported(file, `${code}\n`)).includes(rule), `expected ${rule} to report it`);
    });
  }
  for (const [file, code] of ALLOWED) {
    test(`${file}: ${code.split("\n")[0]} is allowed`, async () => {
      assert.deepEqual(await rulesReported(file, `${code}\n`), []);
    });
  }

  describe("import cycles", () => {
    const dir = join(root, "packages/domain/src/__lint-rules-cycle__");
    after(() => rmSync(dir, { recursive: true, force: true }));
    test("two modules that import each other are reported", async () => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "a.ts"), 'import { b } from "./b";\nexport const a = () => b;\n');
      writeFileSync(join(dir, "b.ts"), 'import { a } from "./a";\nexport const b = () => a;\n');
      const [result] = await eslint.lintFiles([join(dir, "a.ts")]);
      assert.ok(result.messages.some((message) => message.ruleId === "import-x/no-cycle"));
    });
  });

  test("Prettier's check refuses unformatted code", async () => {
    const options = (await prettier.resolveConfig(join(root, "packages/domain/src/x.ts"))) ?? {};
    const formatted = await prettier.check("export const a = {b:1}\n", { ...options, filepath: "x.ts" });
    assert.equal(formatted, false);
  });
});

describe("the declared boundaries", () => {
  const names = Object.keys(WORKSPACE);
  const manifest = (name) => JSON.parse(readFileSync(join(root, WORKSPACE[name].dir, "package.json"), "utf8"));

  test("every workspace package is listed, and only those", () => {
    for (const name of names) assert.equal(manifest(name).name, `@maestro/${name}`);
  });

  test("what a package may import, its package.json declares", () => {
    for (const name of names) {
      const { dependencies = {}, devDependencies = {} } = manifest(name);
      const pkg = WORKSPACE[name];
      for (const dep of pkg.deps) {
        assert.ok(`@maestro/${dep}` in { ...dependencies, ...devDependencies }, `${name} → ${dep}`);
      }
      for (const dep of [...(pkg.types ?? []), ...(pkg.tests ?? [])]) {
        assert.ok(`@maestro/${dep}` in { ...dependencies, ...devDependencies }, `${name} → ${dep}`);
      }
    }
  });

  test("the packages depend on each other without a cycle", () => {
    const visiting = new Set();
    const done = new Set();
    const visit = (name, path) => {
      assert.ok(!visiting.has(name), `cycle: ${[...path, name].join(" → ")}`);
      if (done.has(name)) return;
      visiting.add(name);
      for (const dep of [...WORKSPACE[name].deps, ...(WORKSPACE[name].types ?? [])]) visit(dep, [...path, name]);
      visiting.delete(name);
      done.add(name);
    };
    for (const name of names) visit(name, []);
  });
});
