#!/usr/bin/env node
// Runs the bundled CLI when it is at least as new as every source file it was built from;
// otherwise runs the TypeScript sources through tsx, so a contributor never runs stale code.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const cliDir = dirname(dirname(fileURLToPath(import.meta.url)));
const bundle = join(cliDir, "dist", "maestro.mjs");
const SOURCES = ["cli/src", "server/src", "db/src", "db/drizzle", "domain/src", "runner/src"].map((dir) =>
  join(cliDir, "..", dir),
);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isBundleFresh() {
  if (!existsSync(bundle)) return false;
  const built = statSync(bundle).mtimeMs;
  return SOURCES.every((dir) => !existsSync(dir) || newestMtime(dir) <= built);
}

if (isBundleFresh()) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(join(cliDir, "src", "main.ts")).href);
}
