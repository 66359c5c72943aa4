import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { AppRouter } from "@maestro/server";
import { createTRPCClient, httpLink } from "@trpc/client";

export const baseURL = process.env.MAESTRO_E2E_URL ?? "http://127.0.0.1:4791";

/** The e2e server's data directory (set by playwright.config.ts) and the owner token in it. */
export const home = process.env.MAESTRO_E2E_HOME ?? "";
export const ownerToken = readFileSync(join(home, "token"), "utf8").trim();

/** The real API, for seeding data the way any client would: with the owner token. */
export const api = createTRPCClient<AppRouter>({
  links: [
    httpLink({
      url: `${baseURL}/trpc`,
      headers: { "x-maestro-actor": "e2e", authorization: `Bearer ${ownerToken}` },
    }),
  ],
});

const run = promisify(execFile);
const cliMain = fileURLToPath(new URL("../../packages/cli/src/main.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** Runs the real `maestro` CLI as a separate process against the e2e server. */
export async function maestro(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ["--import", "tsx", cliMain, ...args, "--url", baseURL], {
    cwd: repoRoot,
    env: { ...process.env, MAESTRO_HOME: home, MAESTRO_TOKEN: ownerToken },
  });
}

let counter = 0;
/** A project key unique to this run, so tests never collide. */
export function uniqueKey(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36).slice(-4).toUpperCase()}${counter}`.replace(/[^A-Z0-9]/g, "").slice(0, 10);
}
