import { hostname } from "node:os";
import { EMBEDDED_RUNNER_ID_PREFIX, messageOf } from "@maestro/domain";
import type { Runner } from "@maestro/runner";
import { type CommandContext, type CommandSpec, listOption, stringOption } from "../command";
import { CliError, UsageError } from "../errors";
import { resolveToken } from "../token";
import { maestroBinPath } from "../workspace";

/** What `serve`'s runner process tells it over the IPC channel (`hello` asks for the credential). */
export type RunnerMessage = { type: "hello" } | { type: "ready" } | { type: "failed"; message: string };

/**
 * `serve`'s answer to `hello`: the runners' token, and the environment agents' allowlisted
 * variables are picked from (the runner's own environment is scrubbed).
 */
export interface RunnerCredential {
  type: "credential";
  token: string;
  agentEnv: Record<string, string>;
}

const tell = (message: RunnerMessage) => process.send?.(message);

const CREDENTIAL_TIMEOUT_MS = 30_000;

/** Asks `serve` for the credential once listening, so its answer cannot arrive before the listener. */
function credentialFromServe(): Promise<RunnerCredential> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new CliError("serve did not send the runner its credential")),
      CREDENTIAL_TIMEOUT_MS,
    );
    process.once("message", (message: Partial<RunnerCredential>) => {
      clearTimeout(timer);
      if (message.type === "credential" && typeof message.token === "string" && message.agentEnv) {
        resolve({ type: "credential", token: message.token, agentEnv: message.agentEnv });
      } else {
        reject(new CliError("serve sent the runner something other than its credential"));
      }
    });
    tell({ type: "hello" });
  });
}

/** Started by `serve`: the credential over IPC. Alone: MAESTRO_TOKEN, --token-file, else `<home>/runner-token`. */
async function runnerCredential(ctx: CommandContext, home: string, fallback: string) {
  if (process.send) return credentialFromServe();
  return { token: resolveToken({ env: ctx.env, tokenFile: ctx.tokenFile, home, fallback }) };
}

/** The servers to work for, in order of preference: each an http(s) URL, none given twice. */
function serverUrlsOf(ctx: CommandContext, options: Record<string, unknown>): string[] {
  const urls = listOption(options, "server") ?? [ctx.url];
  for (const url of urls) {
    if (!/^https?:\/\/[^/]/.test(url)) {
      throw new UsageError(`--server must be an http(s) URL such as http://127.0.0.1:4700 (got "${url}")`);
    }
  }
  const twice = urls.find((url, index) => urls.indexOf(url) !== index);
  if (twice !== undefined) throw new UsageError(`--server ${twice} is given twice`);
  return urls;
}

/** Where the runner works and under which name, from its flags; a malformed one is a usage error. */
function runnerSettings(ctx: CommandContext, options: Record<string, unknown>, defaultHome: () => string) {
  const serverUrls = serverUrlsOf(ctx, options);
  const home = stringOption(options, "home") ?? defaultHome();
  const runnerId = stringOption(options, "id") ?? defaultRunnerId();
  if (runnerId.length === 0 || runnerId.length > 100) {
    throw new UsageError(`--id must be 1 to 100 characters (got ${runnerId.length})`);
  }
  if (!process.send && runnerId.startsWith(EMBEDDED_RUNNER_ID_PREFIX)) {
    throw new UsageError(`--id may not start with "${EMBEDDED_RUNNER_ID_PREFIX}": that names the runner serve starts`);
  }
  return { serverUrls, home, runnerId };
}

/**
 * host:pid; serve's own runner (started with an IPC channel) is marked as such, so the next
 * server knows its sessions died with it rather than waiting a lease for them.
 */
function defaultRunnerId(): string {
  const name = `${hostname()}:${process.pid}`;
  return process.send ? `${EMBEDDED_RUNNER_ID_PREFIX}${name}` : name;
}

/** The servers it would move to, for the start-up line. */
function fallbacksOf(current: string, urls: string[]): string {
  const others = urls.filter((url) => url !== current);
  return others.length > 0 ? `; if it stops answering: ${others.join(", ")}` : "";
}

/** Starts the runner and tells `serve` (if it started this one) whether it could. */
async function startAndTell(instance: Runner): Promise<void> {
  try {
    await instance.start();
  } catch (error) {
    await instance.stop();
    const message = `could not start the runner: ${messageOf(error)}`;
    tell({ type: "failed", message });
    throw new CliError(message);
  }
  tell({ type: "ready" });
}

function stopOnSignal(instance: Runner): Promise<void> {
  // `serve` stops the runner it started only when it stops itself (a crashed one is started again).
  const isServerStopping = process.send !== undefined;
  return new Promise<void>((resolve) => {
    const stop = () => void instance.stop({ isServerStopping }).then(resolve);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

/**
 * `maestro runner`: claims queued sessions from a server and runs their agents on this machine,
 * until SIGINT/SIGTERM (agents are then stopped and their sessions end `interrupted`). `serve`
 * runs one as its child process; when that parent dies, the runner goes with it and leaves its
 * agents to the next server, which interrupts their sessions and stops what is left.
 */
export const runner: CommandSpec = {
  path: ["runner"],
  summary: "run agents for a server (serve starts one; run more on other machines)",
  options: [
    {
      flags: "--server <url>",
      description:
        "a server to work for (default --url, $MAESTRO_URL or http://127.0.0.1:4700); repeat it for servers " +
        "sharing one database: the runner works for the first that answers and moves to the next when it stops " +
        "answering, keeping its agents",
      repeatable: true,
    },
    {
      flags: "--home <dir>",
      description: "where prompts, worktrees and the agents' maestro shim go (default $MAESTRO_HOME or ~/.maestro)",
    },
    { flags: "--id <name>", description: "this runner's name on the server (default host:pid)" },
  ],
  examples: [
    "maestro runner --server http://10.0.0.5:4700 --token-file ~/maestro-runner-token",
    "maestro runner --server http://10.0.0.5:4700 --server http://10.0.0.6:4700 --id build-box",
  ],
  async run(ctx, _args, options) {
    // The runner and the server's settings load only for this command (see docs/architecture.md).
    const [{ createRunner }, { RUNNER_TOKEN_FILE, createLogger, readLogEnv, readServerEnv }] = await Promise.all([
      import("@maestro/runner"),
      import("@maestro/server"),
    ]);
    const { serverUrls, home, runnerId } = runnerSettings(ctx, options, () => readServerEnv().MAESTRO_HOME);
    const logEnv = readLogEnv();
    const log = createLogger({
      format: logEnv.MAESTRO_LOG_FORMAT,
      level: logEnv.MAESTRO_LOG_LEVEL,
      write: (line) => ctx.io.err(line),
    });
    // Started by `serve` and the parent is gone (killed): so is this runner, and its reaper stops
    // its agents. No one is left to store their output or end their sessions (the next server
    // ends them), so an agent left running would only work, and spend, for nobody.
    const onOrphaned = () => process.exit(1);
    process.once("disconnect", onOrphaned);
    const credential = await runnerCredential(ctx, home, RUNNER_TOKEN_FILE);
    log.addSecrets(credential.token);
    const instance = createRunner({
      serverUrl: serverUrls,
      token: credential.token,
      ...("agentEnv" in credential ? { env: credential.agentEnv } : {}),
      runnerId,
      home,
      maestroBin: maestroBinPath(),
      log,
    });
    await startAndTell(instance);
    if (!process.send) {
      const fallbacks = fallbacksOf(instance.serverUrl, serverUrls);
      log(`runner ${runnerId} is working for ${instance.serverUrl} (Ctrl+C to stop)${fallbacks}`);
    }
    await stopOnSignal(instance);
    // Stopped on purpose: let go of `serve` so this process can end.
    process.off("disconnect", onOrphaned);
    process.disconnect?.();
  },
};
