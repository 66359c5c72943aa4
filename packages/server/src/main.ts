import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type Store, openPgStore, openSqliteStore } from "@maestro/db";
import { EventFeed } from "./event-feed";
import { ProjectLeases } from "./services/autopilot/project-leases";
import { LogFeed } from "./log-feed";
import { DEFAULT_MIN_FREE_MEMORY_MB, type LogFormat, type LogLevel, messageOf } from "@maestro/domain";
import { type ContextInner, DEFAULT_GLOBAL_LIMIT, createContextFactory, createContextInner } from "./context";
import { type Credentials, loadCredentials, secureDatabaseFile } from "./credentials";
import { StartupError } from "./startup-error";
import { EventBus } from "./events";
import { LogBus } from "./log-bus";
import { killOrphanedAgents } from "./orphans";
import { Dispatcher } from "./services/runner/dispatcher";
import { MemoryGauge } from "./memory-gauge";
import { reconcileLiveSessions } from "./services/session/reconcile-live-sessions";
import { startWatchdog } from "./services/session/watchdog";
import { startScheduler } from "./services/autopilot/scheduler";
import { startSpecSync } from "./services/spec/spec-watcher";
import { startLander } from "./services/landing/lander";
import { LandingLeases } from "./services/landing/landing-leases";
import { reconcileWorktrees } from "./services/landing/reconcile-worktrees";
import { type WebhookWorkerOptions, startWebhookWorker } from "./services/webhook/webhook-worker";
import { createApiServer } from "./http/api-server";
import { type DashboardAuth, createDashboardAuth } from "./http/dashboard-auth";
import { createSignInCodes } from "./http/sign-in-codes";
import { PersonTokens } from "./person-tokens";
import { type OriginPolicy, buildOriginPolicy, isLoopbackHost } from "./http/security";
import { type ServerLimits, agentLimitsOf, resolveLimits } from "./limits";
import { type Logger, createLogger } from "./observe/logger";
import { ServerMetrics } from "./observe/metrics";

export interface ServerOptions {
  /** Data directory; the database is `<home>/maestro.db`. */
  home: string;
  /** Overrides `<home>/maestro.db` (":memory:" in tests). */
  databasePath?: string;
  /**
   * A PostgreSQL URL (postgres://user:password@host:port/database): the store lives there instead
   * of the SQLite file, and several servers may share it (MAESTRO_DATABASE_URL, `serve --database`).
   */
  databaseUrl?: string;
  /** The runners' token (MAESTRO_RUNNER_TOKEN): the same on every instance sharing a database. */
  runnerToken?: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The owner token; default `<home>/token`, created on first start (MAESTRO_TOKEN overrides). */
  token?: string;
  dashboardDir?: string;
  allowedOrigins?: string[];
  allowedHosts?: string[];
  /** Where log lines go (default stderr); `logger` instead gives the whole logger. */
  log?: (line: string) => void;
  /** `text` (default) or `json`, and the least severe level written (MAESTRO_LOG_FORMAT, MAESTRO_LOG_LEVEL). */
  logFormat?: LogFormat;
  logLevel?: LogLevel;
  logger?: Logger;
  /** A live session whose runner is silent this long is interrupted (default 30 s). */
  leaseMs?: number;
  /** Sessions autopilot may have holding a slot at once, across projects (default 8). */
  maxConcurrent?: number;
  /** Memory (MiB) autopilot keeps free when it starts agents (default 1024, `MAESTRO_MIN_FREE_MEMORY_MB`). */
  minFreeMemoryMb?: number;
  /** How often the lander retries waiting tasks and asks about open pull requests (tests shorten them). */
  landing?: { pollMs?: number; prPollMs?: number };
  /** The webhook sender's poll, timeout, attempts and backoff (tests shorten them). */
  webhooks?: Omit<WebhookWorkerOptions, "log">;
  /** Connections, subscriptions, claim waiters, log size (defaults in limits.ts). */
  limits?: Partial<ServerLimits>;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The owner token every client must present (the one in `<home>/token` unless overridden). */
  token: string;
  /** The runners' token (`<home>/runner-token`): good for runner procedures only. */
  runnerToken: string;
  database: Store;
  events: EventBus;
  logs: LogBus;
  /** What /metrics reports (tests read it in-process too). */
  metrics: ServerMetrics;
  /** This instance among those sharing a database: the holder named on its scheduler leases. */
  instanceId: string;
  /** A fresh one-time link that signs a browser in to the dashboard (on any instance sharing the database). */
  signInLink(): Promise<string>;
  close(): Promise<void>;
}

export { StartupError };

const MIN_TOKEN_LENGTH = 16;

/** What one server holds and every context of it shares. */
type Services = Pick<
  ContextInner,
  "database" | "events" | "logs" | "dispatcher" | "memory" | "minFreeMemoryMb" | "landingLeases"
> & {
  metrics: ServerMetrics;
};

/** Where the server listens: known once it is bound (port 0 picks one), so the API reads it lazily. */
interface BoundAddress {
  url: string;
  port: number;
  policy: OriginPolicy;
}

/** Hosts the API (HTTP + WebSocket) and the built dashboard on one port. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = loggerOf(options);
  assertSafeToServe(options);
  const credentials = loadCredentials(options.home, options.token, options.runnerToken);
  log.addSecrets(credentials.ownerToken, credentials.runnerToken);
  const limits = resolveLimits(options.limits);
  const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const services = await openServices(options, limits, { log, instanceId });
  // On PostgreSQL other instances may share the database: events reach the bus through the log.
  const url = options.databaseUrl;
  const feed = url ? await EventFeed.start({ store: services.database, bus: services.events, url, log }) : undefined;
  const logFeed = url ? await LogFeed.start({ store: services.database, logs: services.logs, url, log }) : undefined;
  await interruptOrphans(services, log);
  const globalLimit = options.maxConcurrent ?? DEFAULT_GLOBAL_LIMIT;
  const address: BoundAddress = { url: "", port: options.port, policy: originPolicy(options, options.port) };
  const people = new PersonTokens(services.database);
  const dashboardAuth = createDashboardAuth({
    ownerToken: credentials.ownerToken,
    port: () => address.port,
    people,
    codes: createSignInCodes(services.database),
  });
  const api = createApiServer({
    createContext: createContextFactory({
      ...services,
      credentials,
      serverUrl: () => address.url,
      globalLimit,
      agentLimits: agentLimitsOf(limits),
      dashboardAuth,
      people,
    }),
    dashboardAuth,
    dashboardDir: options.dashboardDir,
    policy: () => address.policy,
    log,
    limits,
    metrics: services.metrics,
  });
  await bind(api.server, options, address);
  const stopMetrics = services.metrics.listen(services.events);
  const background = {
    url: address.url,
    globalLimit,
    leaseMs: options.leaseMs,
    landing: options.landing,
    webhooks: options.webhooks,
    log,
  };
  const stopBackgroundWork = await startBackgroundWork(services, background);
  const close = once(async () => {
    await stopBackgroundWork();
    await api.close();
    stopMetrics();
    await feed?.close();
    await logFeed?.close();
    services.database.observeTransactions(undefined);
    await services.database.close();
  });
  return runningServer({ address, credentials, services, dashboardAuth, close, instanceId });
}

/** Listens, then fills in the port (the one picked, for port 0), the origin policy naming it, and the URL. */
async function bind(server: Server, options: ServerOptions, address: BoundAddress): Promise<void> {
  address.port = await listen(server, options);
  address.policy = originPolicy(options, address.port);
  address.url = serverUrl(options.host, address.port);
}

/** `run` on the first call; every later call gets the same promise. */
function once(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= run());
}

function runningServer(parts: {
  instanceId: string;
  address: BoundAddress;
  credentials: Credentials;
  services: Services;
  dashboardAuth: DashboardAuth;
  close: () => Promise<void>;
}): RunningServer {
  const { address, credentials, services, dashboardAuth } = parts;
  return {
    url: address.url,
    port: address.port,
    token: credentials.ownerToken,
    runnerToken: credentials.runnerToken,
    database: services.database,
    events: services.events,
    logs: services.logs,
    metrics: services.metrics,
    signInLink: async () => (await dashboardAuth.issueSignInLink(address.url)).url,
    close: parts.close,
    instanceId: parts.instanceId,
  };
}

/**
 * A server others can reach must be given its token on purpose (not one just written to a
 * file on this machine), and a token must be hard to guess.
 */
function assertSafeToServe(options: ServerOptions): void {
  if (!isLoopbackHost(options.host) && !options.token) {
    throw new StartupError(
      `refusing to listen on ${options.host} without a token: set MAESTRO_TOKEN so only you can drive your agents`,
    );
  }
  if (options.token !== undefined && options.token.length < MIN_TOKEN_LENGTH) {
    throw new StartupError(`the token must be at least ${MIN_TOKEN_LENGTH} characters (try: openssl rand -hex 24)`);
  }
}

/** The logger given, or one writing to `log` (default stderr) in the format and level asked for. */
function loggerOf(options: ServerOptions): Logger {
  if (options.logger) return options.logger;
  const sink = options.log ?? ((line: string) => console.error(line));
  return createLogger({ format: options.logFormat, level: options.logLevel, write: sink });
}

async function openServices(
  options: ServerOptions,
  limits: ServerLimits,
  instance: { log: Logger; instanceId: string },
): Promise<Services> {
  const database = await openStore(options, instance.log);
  const events = new EventBus();
  // Several instances may share a PostgreSQL database: a project's tasks land under its scheduler lease.
  const leases =
    database.engine === "postgres"
      ? new LandingLeases(new ProjectLeases(database, instance.instanceId), instance.log)
      : undefined;
  return {
    ...(leases ? { landingLeases: leases } : {}),
    database,
    events,
    metrics: new ServerMetrics(database),
    logs: new LogBus({ maxSessionBytes: limits.sessionLogBytes }),
    dispatcher: new Dispatcher(events, limits),
    memory: new MemoryGauge(),
    minFreeMemoryMb: options.minFreeMemoryMb ?? DEFAULT_MIN_FREE_MEMORY_MB,
  };
}

/** PostgreSQL when a database URL is given (a team server), else the SQLite file in the home folder. */
async function openStore(options: ServerOptions, log: Logger): Promise<Store> {
  if (options.databaseUrl) {
    const url = new URL(options.databaseUrl);
    if (url.password) log.addSecrets(decodeURIComponent(url.password), url.password);
    try {
      return await openPgStore({ url: options.databaseUrl });
    } catch (error) {
      url.password = url.password ? "***" : "";
      throw new StartupError(`could not open the PostgreSQL database ${url.toString()}: ${messageOf(error)}`);
    }
  }
  const path = options.databasePath ?? join(options.home, "maestro.db");
  secureDatabaseFile(path);
  return openSqliteStore({ path, outsideTransactions: "read-only" });
}

/**
 * Nothing of this server runs yet: sessions its last embedded runner left live are interrupted,
 * their agents stopped; remote runners' sessions wait one lease for their runner.
 */
async function interruptOrphans(services: Services, log: Logger): Promise<void> {
  const { orphans, awaited } = await reconcileLiveSessions(createContextInner({ ...services, actor: "system" }));
  const killed = killOrphanedAgents(orphans);
  if (orphans.length) {
    log(
      `${orphans.length} session(s) were live when the server last stopped: now interrupted (${killed} orphaned agent(s) stopped)`,
    );
  }
  if (awaited) {
    const whose = services.database.engine === "postgres" ? "runners (other instances' included)" : "remote runners";
    log(`${awaited} session(s) of ${whose} were live: waiting one lease for their runners`);
  }
}

function originPolicy(options: ServerOptions, port: number): OriginPolicy {
  return buildOriginPolicy({
    host: options.host,
    port,
    extraHosts: options.allowedHosts ?? [],
    extraOrigins: options.allowedOrigins ?? [],
  });
}

/** Listens on the configured address; resolves with the port (the one picked, for port 0). */
async function listen(server: Server, options: ServerOptions): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new StartupError(`port ${options.port} on ${options.host} is already in use`)
          : error,
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** The URL clients (and agents, as MAESTRO_URL) use: a wildcard bind is reached on loopback. */
function serverUrl(host: string, port: number): string {
  const displayHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${displayHost.includes(":") ? `[${displayHost}]` : displayHost}:${port}`;
}

/**
 * The watchdog, the spec files' sync, autopilot's scheduler, the lander (after reconciling
 * worktrees left by the last run), the webhook sender; returns what stops them, once a landing under way is done.
 */
async function startBackgroundWork(
  services: Services,
  options: {
    url: string;
    globalLimit: number;
    leaseMs: number | undefined;
    landing: ServerOptions["landing"];
    webhooks: ServerOptions["webhooks"];
    log: (line: string) => void;
  },
): Promise<() => Promise<void>> {
  const { log } = options;
  const context = (actor: string) =>
    createContextInner({ ...services, actor, serverUrl: options.url, globalLimit: options.globalLimit });
  const stopWatchdog = startWatchdog(context("system"), { leaseMs: options.leaseMs ?? 30_000, intervalMs: 2_000, log });
  const specSync = await startSpecSync(context("disk"), context("system"), { log });
  // Several instances may share a PostgreSQL database: each project is scheduled and landed by one of them.
  const leases = services.landingLeases?.projectLeases;
  const scheduler = startScheduler(context("autopilot"), { log, leases });
  void reconcileWorktrees(context("system"), log);
  const lander = startLander(context("lander"), { log, leases: services.landingLeases, ...options.landing });
  const webhooks = startWebhookWorker(services.database, services.events, {
    log,
    onAttempt: (outcome) => services.metrics.webhookDeliveries.inc({ outcome }),
    ...options.webhooks,
  });
  return async () => {
    await stopWatchdog();
    await webhooks.stop();
    specSync.stop();
    if (leases) {
      // The lander lands under the leases the scheduler hands over when it stops: it stops first.
      await lander.stop();
      await scheduler.stop();
    } else {
      await scheduler.stop();
      await lander.stop();
    }
  };
}
