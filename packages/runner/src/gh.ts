import { execFile } from "node:child_process";
import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { ghEnvironmentOf } from "@maestro/domain";
import { hostEnv } from "./env";

export interface GhResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The `gh` executable on the runner's PATH, or null. */
export async function findGh(): Promise<string | null> {
  for (const dir of (hostEnv().PATH ?? "").split(delimiter).filter(Boolean)) {
    const candidate = join(dir, "gh");
    const isExecutable = await access(candidate, constants.X_OK).then(
      () => true,
      () => false,
    );
    if (isExecutable) return candidate;
  }
  return null;
}

/**
 * Runs `gh` with an argv array (never a shell) in `cwd`, with only its login's variables and no
 * prompt; a non-zero exit is returned, not thrown.
 */
export function runGh(gh: string, cwd: string, args: readonly string[]): Promise<GhResult> {
  return new Promise((resolve) => {
    execFile(
      gh,
      args,
      { cwd, env: ghEnvironmentOf(hostEnv()), maxBuffer: 4 * 1024 * 1024, timeout: 60_000, encoding: "utf8" },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr: stderr || (error && code !== 0 ? error.message : "") });
      },
    );
  });
}

/** `gh` found and logged in (`gh auth status`), or null. */
export async function readyGh(cwd: string): Promise<string | null> {
  const gh = await findGh();
  if (!gh) return null;
  return (await runGh(gh, cwd, ["auth", "status"])).code === 0 ? gh : null;
}
