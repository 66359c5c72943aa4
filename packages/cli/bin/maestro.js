#!/usr/bin/env node
// Runs the bundled CLI (dist/maestro.mjs; see below for serve, runner and mcp). In a checkout (the sources sit beside it) the bundle
// runs only when it is at least as new as every source file it was built from — the list the
// build wrote to dist/inputs.json, a few hundred stats and no directory walk; otherwise the
// TypeScript sources run through tsx, so a contributor never runs stale code. An installed copy
// has no sources and checks nothing. Keep this file tiny: every CLI call pays for it.
import { existsSync, readFileSync, statSync } from "node:fs";
import module from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";

// Node ≥ 22.1 keeps compiled bytecode between runs; Node 20 has no such cache.
module.enableCompileCache?.();

// A client command ends within a few hundred milliseconds: V8's optimising compiler would only
// spend memory on code the process is about to stop running, and a young generation grown past
// its first 1 MiB semi-space only holds garbage a few scavenges would free (together ~9 MiB of
// a 60 MiB budget, same CPU). Commands that run for hours keep V8's defaults; any argument
// naming one counts, to err on their side.
// These also run the server build's copy of the whole CLI (dist/server/maestro.mjs): it shares
// one zod, domain and tRPC client with the server and runner code they load.
const LONG_RUNNING = new Set(["serve", "runner", "mcp"]);
const isLongRunning = process.argv.slice(2).some((arg) => LONG_RUNNING.has(arg));
if (!isLongRunning) {
  setFlagsFromString("--no-opt");
  setFlagsFromString("--semi-space-growth-factor=1");
}

const cliDir = dirname(dirname(fileURLToPath(import.meta.url)));
const bundle = join(cliDir, "dist", isLongRunning ? "server/maestro.mjs" : "maestro.mjs");
const isCheckout = existsSync(join(cliDir, "src"));

function mtimeOf(path) {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Number.POSITIVE_INFINITY;
}

function isBundleFresh() {
  if (!existsSync(bundle)) return false;
  if (!isCheckout) return true;
  const built = mtimeOf(bundle);
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(join(cliDir, "dist", "inputs.json"), "utf8"));
  } catch {
    return false;
  }
  return inputs.every((path) => mtimeOf(join(cliDir, path)) <= built);
}

if (isBundleFresh()) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(join(cliDir, "src", "main.ts")).href);
}
