// The architecture's package boundaries, declared once. eslint.config.js turns them into lint
// rules; scripts/check-lint-rules.mjs proves those rules bite and that every package.json
// declares what its package may import.

/** Imports that only packages/db may make. */
export const DB_DRIVERS = ["drizzle-orm", "drizzle-orm/*", "better-sqlite3", "drizzle-kit", "pg", "pg/*"];

/** Node's built-in modules, bare or with the node: prefix (exact names: `./events` is not `events`). */
const NODE_BUILTINS = {
  regex:
    "^(?:node:.*|(?:fs|path|child_process|os|net|http|https|crypto|url|events|stream|util|worker_threads)(?:/.*)?)$",
};

/**
 * Each workspace package: where it lives, the workspace packages its code may import (`deps`),
 * those it may import with `import type` only (`types`), and those its tests may also import
 * (`tests`). `pure` packages run anywhere: no Node built-ins, and third-party code only from
 * `allow`. `browser` packages have no Node built-ins either.
 */
export const WORKSPACE = {
  domain: { dir: "packages/domain", deps: [], pure: true, allow: ["zod", "diff", "picomatch", "yaml"] },
  db: { dir: "packages/db", deps: ["domain"], drivers: true },
  server: { dir: "packages/server", deps: ["domain", "db"], tests: ["fuzz"] },
  runner: { dir: "packages/runner", deps: ["domain"], types: ["server"], tests: ["server"] },
  // The CLI client loads the server and the runner only with `await import()` in the commands
  // that run them (serve, runner, mcp, import): see docs/architecture.md, "The CLI starts fast".
  // Its tests may also start a throw-away PostgreSQL cluster and read its tables (team failover).
  cli: { dir: "packages/cli", deps: ["domain"], types: ["server", "runner"], tests: ["server", "runner", "db"] },
  dashboard: { dir: "apps/dashboard", deps: ["domain"], types: ["server"], browser: true },
  // The team test's setup starts a throw-away PostgreSQL cluster with @maestro/db (e2e/team).
  e2e: { dir: "e2e", deps: [], types: ["server"], tests: ["db"] },
  bench: { dir: "bench", deps: ["domain", "db", "server"] },
  // Procedure inputs generated from their zod schemas, and the fuzz property (server tests, chaos R5).
  fuzz: { dir: "packages/fuzz", deps: ["domain", "db"] },
};

const scoped = (name) => `@maestro/${name}`;

/**
 * Options for @typescript-eslint/no-restricted-imports that hold package `name` to its
 * boundaries: every other workspace package is refused unless listed (type-only where it is
 * listed under `types`), and no import reaches inside another package's files.
 */
export function importRestrictions(name, { isTest = false } = {}) {
  // Tests and tooling (configs, build scripts) run in Node whatever the package's own target.
  const pkg = WORKSPACE[name];
  const allowed = new Set([name, ...pkg.deps, ...(isTest ? (pkg.tests ?? []) : [])]);
  const typeOnly = new Set((pkg.types ?? []).filter((other) => !allowed.has(other)));
  const paths = Object.keys(WORKSPACE)
    .filter((other) => !allowed.has(other))
    .map((other) =>
      typeOnly.has(other)
        ? {
            name: scoped(other),
            allowTypeImports: true,
            message: `${name} may import ${scoped(other)} with \`import type\` only.`,
          }
        : { name: scoped(other), message: `${name} may not depend on ${scoped(other)} (${allowedText(name)}).` },
    );
  const patterns = [
    {
      group: ["@maestro/*/*"],
      message: "Import another package through its public entry point (`@maestro/<name>`), never its files.",
    },
  ];
  if (!pkg.drivers) {
    patterns.push({
      group: DB_DRIVERS,
      message: "Only packages/db may import the database driver; use its repositories.",
    });
  }
  if (pkg.pure && !isTest) {
    patterns.push({ ...NODE_BUILTINS, message: `${name} is pure: no I/O and no Node built-ins.` });
    patterns.push({
      regex: `^(?!\\.{1,2}/|(?:${pkg.allow.join("|")})(?:/|$))`,
      message: `${name} may import only ${pkg.allow.join(", ")} from outside the package.`,
    });
  }
  if (pkg.browser && !isTest) {
    patterns.push({ ...NODE_BUILTINS, message: `${name} runs in the browser: no Node built-ins.` });
  }
  return { paths, patterns };
}

function allowedText(name) {
  const pkg = WORKSPACE[name];
  const parts = [];
  if (pkg.deps.length) parts.push(`it may import ${pkg.deps.map(scoped).join(", ")}`);
  if (pkg.types?.length) parts.push(`types from ${pkg.types.map(scoped).join(", ")}`);
  return parts.length ? parts.join("; ") : "it depends on no other workspace package";
}
