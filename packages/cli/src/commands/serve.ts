import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { messageOf } from "@maestro/domain";
import type * as ServerModuleNamespace from "@maestro/server";
import type { Logger, RunningServer, ServerEnv, ServerOptions } from "@maestro/server";
import { type CommandContext, type CommandSpec, integerOption, stringOption } from "../command";
import type { EmbeddedRunner } from "../embedded-runner";
import { CliError, ReportedError, UsageError } from "../errors";
import { readTokenFile } from "../token";
import { findWorkspaceRoot, maestroBinPath } from "../workspace";

function tildify(path: string): string {
  const home = homedir();
  return path.startsWith(home) ? `~${path.slice(home.length)}` : path;
}

type ServeOptions = ServerOptions & { dashboardDir: string; logger: Logger };

/** The server and its runner load only here: every other command starts without them (see docs/architecture.md). */
type ServerModule = typeof ServerModuleNamespace;

/** The server's options: flags first, then its environment, then its defaults. */
function serverOptions(
  ctx: CommandContext,
  options: Record<string, unknown>,
  { env, server }: { env: ServerEnv; server: Pick<ServerModule, "limitsFromEnv" | "createLogger"> },
): ServeOptions {
  const home = stringOption(options, "home") ?? env.MAESTRO_HOME;
  const logger = server.createLogger({
    format: env.MAESTRO_LOG_FORMAT,
    level: env.MAESTRO_LOG_LEVEL,
    write: (line) => ctx.io.err(line),
  });
  return {
    home,
    host: stringOption(options, "host") ?? env.MAESTRO_HOST,
    port: integerOption(options, "port") ?? env.MAESTRO_PORT,
    token: env.MAESTRO_TOKEN ?? (ctx.tokenFile === undefined ? undefined : readTokenFile(ctx.tokenFile)),
    runnerToken: env.MAESTRO_RUNNER_TOKEN,
    dashboardDir: env.MAESTRO_DASHBOARD_DIR ?? join(findWorkspaceRoot(), "apps", "dashboard", "dist"),
    allowedOrigins: env.MAESTRO_ALLOWED_ORIGINS,
    allowedHosts: env.MAESTRO_ALLOWED_HOSTS,
    maxConcurrent: integerOption(options, "maxConcurrent") ?? env.MAESTRO_MAX_CONCURRENT,
    minFreeMemoryMb: env.MAESTRO_MIN_FREE_MEMORY_MB,
    databaseUrl: databaseOption(options) ?? env.MAESTRO_DATABASE_URL,
    limits: server.limitsFromEnv(env),
    logger,
  };
}

/** `--database`: a PostgreSQL URL, checked before anything starts. */
function databaseOption(options: Record<string, unknown>): string | undefined {
  const url = stringOption(options, "database");
  if (url !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(url)) {
    throw new UsageError(`--database must be a postgres://user:password@host:port/database URL (got "${url}")`);
  }
  return url;
}

/** Where the data is, for people: the SQLite file, or the PostgreSQL database without its password. */
function databaseLabel(options: ServeOptions): string {
  if (!options.databaseUrl) return join(options.home, "maestro.db");
  const url = new URL(options.databaseUrl);
  url.password = "";
  return url.toString();
}

/** A server that refuses to start (unsafe bind, weak token…) says why as a CLI error. */
async function startServerOrExplain(
  { startServer, StartupError }: ServerModule,
  options: ServerOptions,
): Promise<RunningServer> {
  try {
    return await startServer(options);
  } catch (error) {
    if (error instanceof StartupError) throw new CliError(error.message);
    throw error;
  }
}

/**
 * A service whose log is JSON says why it could not start in a JSON line too, so a log pipeline
 * reads every line it writes; the text format keeps the CLI's one `error:` line.
 */
async function inLogFormat<T>(logger: Logger, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (logger.format !== "json" || !(error instanceof CliError)) throw error;
    logger.error(`maestro serve could not start: ${error.message}`);
    throw new ReportedError(error.message);
  }
}

/** Without its runner nothing would run: `serve` fails, and closes the server it started. */
async function startRunnerOrClose(
  ctx: CommandContext,
  server: RunningServer,
  options: Pick<ServeOptions, "home" | "logger">,
) {
  const { startEmbeddedRunner } = await import("../embedded-runner");
  try {
    return await startEmbeddedRunner({
      serverUrl: server.url,
      runnerToken: server.runnerToken,
      home: options.home,
      maestroBin: maestroBinPath(),
      log: options.logger,
      logFormat: options.logger.format,
      logLevel: options.logger.level,
    });
  } catch (error) {
    await server.close();
    throw new CliError(`could not start the runner: ${messageOf(error)}`);
  }
}

async function printRunning(ctx: CommandContext, server: RunningServer, options: ServeOptions): Promise<void> {
  const { home, dashboardDir, token, logger } = options;
  if (logger.format === "json") {
    // A service's log is read by more people than the dashboard is for: no sign-in link in it.
    logger.info(`Maestro is running at ${server.url} (\`maestro dashboard\` prints a sign-in link)`, {
      url: server.url,
      home,
    });
    return;
  }
  // Text going to a file or a journal (a service left in text) is a log too: the link only on a
  // terminal, or in --json for the script that asked for it.
  const signInUrl = ctx.output.json || ctx.io.isTTY ? await server.signInLink() : undefined;
  const info = { url: server.url, port: server.port, home, database: databaseLabel(options), signInUrl };
  ctx.output.result(info, () =>
    [
      `${ctx.output.colors.green("●")} Maestro is running at ${ctx.output.colors.bold(server.url)}`,
      signInUrl
        ? `  sign in: ${signInUrl} (works once; \`maestro dashboard\` prints a fresh link)`
        : "  sign in: `maestro dashboard` prints a one-time link",
      options.databaseUrl ? `  data in PostgreSQL at ${info.database}` : `  data in ${tildify(home)}`,
      token === undefined ? `  clients read the owner token from ${tildify(join(home, "token"))}` : "",
      existsSync(join(dashboardDir, "index.html")) ? "" : "  (the dashboard is not built: run `pnpm build`)",
      "  press Ctrl+C to stop",
    ]
      .filter(Boolean)
      .join("\n"),
  );
}

/**
 * Resolves with the first SIGINT or SIGTERM. Listening starts before anything else does: a
 * signal that arrives while the server or its runner is still starting (a supervisor stopping a
 * fresh start) waits for them, then stops them cleanly rather than killing the process outright.
 */
function firstStopSignal(): Promise<string> {
  return new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
}

/** Agents are stopped and their sessions finished while the server can still record it. */
async function shutDown(signal: string, runner: EmbeddedRunner, server: RunningServer, logger: Logger) {
  logger.info(`received ${signal}, shutting down…`);
  await runner.stop();
  await server.close();
}

export const serve: CommandSpec = {
  path: ["serve"],
  summary: "run the server, the dashboard and the embedded runner",
  options: [
    { flags: "--port <port>", description: "port (default $MAESTRO_PORT or 4700)", integer: true },
    { flags: "--host <host>", description: "address to bind (default $MAESTRO_HOST or 127.0.0.1)" },
    { flags: "--home <dir>", description: "data directory (default $MAESTRO_HOME or ~/.maestro)" },
    {
      flags: "--database <url>",
      description:
        "a team server's PostgreSQL database, postgres://… (default $MAESTRO_DATABASE_URL; unset: SQLite in the home)",
    },
    {
      flags: "--max-concurrent <n>",
      description: "sessions autopilot may run at once across projects (default $MAESTRO_MAX_CONCURRENT or 8)",
      integer: true,
    },
  ],
  examples: [
    "maestro serve",
    "maestro serve --host 0.0.0.0 --token-file /etc/maestro/token",
    "maestro serve --database postgres://maestro:secret@db.internal:5432/maestro",
  ],
  async run(ctx, _args, options) {
    const stopSignal = firstStopSignal();
    const serverModule = await import("@maestro/server");
    const env = serverModule.readServerEnv();
    const serverOpts = serverOptions(ctx, options, { env, server: serverModule });
    const { server, runner } = await inLogFormat(serverOpts.logger, async () => {
      const started = await startServerOrExplain(serverModule, serverOpts);
      return { server: started, runner: await startRunnerOrClose(ctx, started, serverOpts) };
    });
    await printRunning(ctx, server, serverOpts);
    await shutDown(await stopSignal, runner, server, serverOpts.logger);
  },
};
