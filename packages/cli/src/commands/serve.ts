import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { messageOf } from "@maestro/domain";
import { StartupError, readServerEnv, startServer } from "@maestro/server";
import { type CommandSpec, integerOption, stringOption } from "../command";
import { type EmbeddedRunner, startEmbeddedRunner } from "../embedded-runner";
import { CliError } from "../errors";
import { findWorkspaceRoot, maestroBinPath } from "../workspace";

function tildify(path: string): string {
  const home = homedir();
  return path.startsWith(home) ? `~${path.slice(home.length)}` : path;
}

export const serve: CommandSpec = {
  path: ["serve"],
  summary: "run the server, the dashboard and the embedded runner",
  options: [
    { flags: "--port <port>", description: "port (default $MAESTRO_PORT or 4700)", integer: true },
    { flags: "--host <host>", description: "address to bind (default $MAESTRO_HOST or 127.0.0.1)" },
    { flags: "--home <dir>", description: "data directory (default $MAESTRO_HOME or ~/.maestro)" },
    {
      flags: "--max-concurrent <n>",
      description: "sessions autopilot may run at once across projects (default $MAESTRO_MAX_CONCURRENT or 8)",
      integer: true,
    },
  ],
  examples: ["maestro serve", "MAESTRO_TOKEN=$(openssl rand -hex 24) maestro serve --host 0.0.0.0"],
  async run(ctx, _args, options) {
    const env = readServerEnv();
    const home = stringOption(options, "home") ?? env.MAESTRO_HOME;
    const root = findWorkspaceRoot();
    const dashboardDir = env.MAESTRO_DASHBOARD_DIR ?? join(root, "apps", "dashboard", "dist");
    const token = ctx.token ?? env.MAESTRO_TOKEN;
    let server;
    try {
      server = await startServer({
        home,
        host: stringOption(options, "host") ?? env.MAESTRO_HOST,
        port: integerOption(options, "port") ?? env.MAESTRO_PORT,
        token,
        dashboardDir,
        allowedOrigins: env.MAESTRO_ALLOWED_ORIGINS,
        allowedHosts: env.MAESTRO_ALLOWED_HOSTS,
        maxConcurrent: integerOption(options, "maxConcurrent") ?? env.MAESTRO_MAX_CONCURRENT,
        log: (line) => ctx.io.err(line),
      });
    } catch (error) {
      if (error instanceof StartupError) throw new CliError(error.message);
      throw error;
    }
    let runner: EmbeddedRunner;
    try {
      runner = await startEmbeddedRunner({
        serverUrl: server.url,
        token,
        home,
        maestroBin: maestroBinPath(),
        log: (line) => ctx.io.err(line),
      });
    } catch (error) {
      await server.close();
      throw new CliError(`could not start the runner: ${messageOf(error)}`);
    }
    const info = { url: server.url, port: server.port, home, database: join(home, "maestro.db") };
    ctx.output.result(info, () =>
      [
        `${ctx.output.colors.green("●")} Maestro is running at ${ctx.output.colors.bold(server.url)}`,
        `  data in ${tildify(home)}`,
        existsSync(join(dashboardDir, "index.html")) ? "" : "  (the dashboard is not built: run `pnpm build`)",
        "  press Ctrl+C to stop",
      ]
        .filter(Boolean)
        .join("\n"),
    );
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        ctx.io.err(`received ${signal}, shutting down…`);
        // Agents are stopped and their sessions finished while the server can still record it.
        void runner
          .stop()
          .then(() => server.close())
          .then(resolve);
      };
      process.once("SIGINT", () => stop("SIGINT"));
      process.once("SIGTERM", () => stop("SIGTERM"));
    });
  },
};
