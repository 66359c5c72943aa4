import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { AppRouter } from "@maestro/server";
import { createTRPCClient, httpLink } from "@trpc/client";

export const baseURL = process.env.MAESTRO_E2E_URL ?? "http://127.0.0.1:4791";

/** The real API, for seeding data the way any client would. */
export const api = createTRPCClient<AppRouter>({
  links: [httpLink({ url: `${baseURL}/trpc`, headers: { "x-maestro-actor": "e2e" } })],
});

const run = promisify(execFile);
const cliMain = fileURLToPath(new URL("../../packages/cli/src/main.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** Runs the real `maestro` CLI as a separate process against the e2e server. */
export async function maestro(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ["--import", "tsx", cliMain, ...args, "--url", baseURL], { cwd: repoRoot });
}

let counter = 0;
/** A project key unique to this run, so tests never collide. */
export function uniqueKey(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36).slice(-4).toUpperCase()}${counter}`.replace(/[^A-Z0-9]/g, "").slice(0, 10);
}
