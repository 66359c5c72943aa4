import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { type DbClient, type Store, findSessionById, openSqliteStore, sqliteOf } from "@maestro/db";
import { isSessionEnded } from "@maestro/domain";
import { TRPCClientError, createTRPCUntypedClient, createWSClient, httpLink, wsLink } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import { WebSocket } from "ws";

/** A running server to fuzz, in-process (the server's tests) or its own process (the chaos suite). */
export interface FuzzServer {
  url: string;
  /** The owner token. */
  token: string;
  /** Its database file, watched on a second connection. */
  databasePath: string;
  /** A folder the fuzz owns: the project's repository is made in it, valid folders stay inside it. */
  sandbox: string;
  /** The server's log lines since the last look (an internal error's cause is there). */
  takeLog: () => string;
}

/**
 * A server seeded with a project (in a throw-away git repository), tasks, a spec, an agent
 * profile and a live session whose token an agent would hold; untyped clients call any procedure
 * by its path. A session the fuzz queues is claimed by the fuzz itself, never spawned, as long as
 * no runner serves the server.
 */
export async function makeFuzzTarget(server: FuzzServer) {
  const { sandbox } = server;
  const projectDir = join(sandbox, "repo");
  initRepository(projectDir);
  const owner = makeClient(server.url, server.token);
  await seed(owner, projectDir);
  const watcher = openSqliteStore({ path: server.databasePath });
  const { ws, subscriber } = openSubscriber(server.url, server.token);
  const held: HeldSession = {};
  return {
    sandbox,
    projectDir,
    owner,
    subscriber,
    takeLog: server.takeLog,
    /** Seeds again what the fuzz deleted (`project.delete`, `agent.remove`), so later procedures find it. */
    reseed: () => reseed(watcher, owner, projectDir),
    /** Ids and names of what is stored now, by the input fields that name them. */
    pools: () => currentPools(watcher),
    /** A client holding a live session's token; a new session is seeded when the last one ended. */
    agent: () => agentClient({ url: server.url, watcher, owner }, held),
    /** Commits by any connection since the last look (see `dataVersion`). */
    dataVersion: () => dataVersion(watcher),
    projectFiles: () => listFiles(projectDir),
    /** The database's own check of itself: "ok" when sound. */
    integrityCheck: () => integrityCheck(watcher),
    async close() {
      await ws.close();
      await watcher.close();
    },
  };
}

/** A WebSocket client for subscriptions, as the owner. */
function openSubscriber(url: string, token: string) {
  const ws = createWSClient({
    url: url.replace(/^http/, "ws") + "/trpc",
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: { token },
  });
  return { ws, subscriber: createTRPCUntypedClient<AnyRouter>({ links: [wsLink({ client: ws })] }) };
}

async function reseed(watcher: Store, owner: UntypedClient, projectDir: string): Promise<void> {
  if (!column(watcher, "SELECT name AS value FROM agent_profiles WHERE name = 'fuzz-agent'").length) {
    await owner.mutation("agent.add", SEED_AGENT);
  }
  if (!column(watcher, "SELECT key AS value FROM projects WHERE key = 'FZ'").length) {
    await seed(owner, projectDir);
  }
}

function integrityCheck(watcher: Store): string {
  return onFile(watcher)
    .all<{ integrity_check: string }>("PRAGMA integrity_check")
    .map((row) => row.integrity_check)
    .join("; ");
}

/** The watcher's own connection, read synchronously: the fuzz watches a SQLite file, and PRAGMAs are SQLite's. */
function onFile(watcher: Store): DbClient {
  return sqliteOf(watcher.db);
}

export type FuzzTarget = Awaited<ReturnType<typeof makeFuzzTarget>>;
export type UntypedClient = ReturnType<typeof makeClient>;

/**
 * The HTTP status of the last response, for answers that are not tRPC's (Node itself answers
 * 431 to a query whose input does not fit in a URL). Calls are made one at a time.
 */
let lastStatus: number | undefined;

/** Node's limit on a request's head (`--max-http-header-size`, 16 KiB by default). */
const MAX_HEADER_BYTES = 16 * 1024;

async function recordingFetch(...args: Parameters<typeof fetch>): Promise<Response> {
  lastStatus = undefined;
  try {
    const response = await fetch(...args);
    lastStatus = response.status;
    return response;
  } catch (error) {
    // Node refuses a request line past its limit with 431 and may close the socket while the
    // client is still sending, so the client sees a reset instead: no code of ours ran.
    if (String(args[0]).length > MAX_HEADER_BYTES) lastStatus = 431;
    throw error;
  }
}

export function makeClient(url: string, token: string | undefined) {
  const headers: Record<string, string> = { "x-maestro-actor": "fuzz" };
  if (token) headers.authorization = `Bearer ${token}`;
  return createTRPCUntypedClient<AnyRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers, fetch: recordingFetch })],
  });
}

function initRepository(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "core.hooksPath=/dev/null", ...args], { cwd: dir, stdio: "ignore" });
  git("init", "-q", "-b", "main");
  git("-c", "user.name=fuzz", "-c", "user.email=fuzz@example.invalid", "commit", "-q", "--allow-empty", "-m", "root");
}

const SEED_AGENT = { name: "fuzz-agent", adapter: "custom", command: ["/bin/true", "{promptFile}"] };

async function seed(owner: UntypedClient, projectDir: string): Promise<void> {
  await owner.mutation("project.create", { name: "Fuzz", rootDir: projectDir, key: "FZ" });
  const parent = (await owner.mutation("task.create", {
    projectId: "FZ",
    title: "Parent",
    acceptanceCriteria: ["ok"],
  })) as { id: string };
  await owner.mutation("task.create", { projectId: "FZ", title: "Child", parentId: parent.id });
  await owner.mutation("task.create", { projectId: "FZ", title: "Other", dependsOn: [parent.id] });
  if (
    !((await owner.query("agent.list", { limit: 500 })) as { items: Array<{ name: string }> }).items.some(
      (a) => a.name === SEED_AGENT.name,
    )
  ) {
    await owner.mutation("agent.add", SEED_AGENT);
  }
  rmSync(join(projectDir, ".maestro"), { recursive: true, force: true });
  await owner.mutation("spec.create", { projectId: "FZ", name: "Fuzz spec", slug: "fuzz-spec" });
  await owner.mutation("spec.edit", {
    id: "FZ/fuzz-spec",
    phase: "requirements",
    text: "# Requirements\n\n1. WHEN x THE SYSTEM SHALL y\n",
  });
  await owner.mutation("steering.write", { projectId: "FZ", name: "style.md", text: "# Style\n" });
  await owner.mutation("session.start", { taskIds: [parent.id], agent: "fuzz-agent" });
  await owner.mutation("runner.claim", { runnerId: "fuzz-seed" });
}

function column(database: Store, sql: string): string[] {
  return onFile(database)
    .all<{ value: string }>(sql)
    .map((row) => row.value);
}

function currentPools(database: Store): Record<string, string[]> {
  const projects = [
    ...column(database, "SELECT id AS value FROM projects"),
    ...column(database, "SELECT key AS value FROM projects"),
  ];
  const tasks = [
    ...column(database, "SELECT id AS value FROM tasks"),
    ...column(database, "SELECT key AS value FROM tasks"),
  ];
  const sessions = column(database, "SELECT id AS value FROM sessions");
  const specs = [
    ...column(database, "SELECT id AS value FROM specs"),
    ...column(database, "SELECT slug AS value FROM specs"),
    "FZ/fuzz-spec",
  ];
  const agents = column(database, "SELECT name AS value FROM agent_profiles");
  return { projects, tasks, sessions, specs, agents };
}

/** The live session an agent's client holds, kept per target. */
interface HeldSession {
  current?: { id: string; client: UntypedClient };
}

/**
 * A live session's token, claimed as a runner would (the claim mints it), on a task of its own.
 * Claims hand out the oldest queued session first, so those the fuzz queued are claimed on the way.
 */
async function agentClient(
  { url, watcher, owner }: { url: string; watcher: Store; owner: UntypedClient },
  held: HeldSession,
): Promise<UntypedClient> {
  if (held.current && (await isLive(watcher, held.current.id))) return held.current.client;
  const task = (await owner.mutation("task.create", { projectId: "FZ", title: "An agent's task" })) as { id: string };
  const session = (await owner.mutation("session.start", { taskIds: [task.id], agent: "fuzz-agent" })) as {
    id: string;
  };
  for (;;) {
    const claim = (await owner.mutation("runner.claim", { runnerId: "fuzz-seed" })) as {
      session: { id: string };
      token: string;
    } | null;
    if (!claim) throw new Error(`the session seeded for the agent (${session.id}) was not claimable`);
    if (claim.session.id !== session.id) continue;
    held.current = { id: session.id, client: makeClient(url, claim.token) };
    return held.current.client;
  }
}

async function isLive(database: Store, sessionId: string): Promise<boolean> {
  const session = await findSessionById(database.db, sessionId);
  return session !== undefined && !isSessionEnded(session.status);
}

/**
 * SQLite's `PRAGMA data_version`, read on a second connection: it changes exactly when another
 * connection (the server's) commits a write, to any table — a rolled-back transaction does not
 * count — so it proves "nothing was written" without reading the tables.
 */
function dataVersion(watcher: Store): number {
  return onFile(watcher).all<{ data_version: number }>("PRAGMA data_version")[0]!.data_version;
}

/** Names, sizes and modification times under the project's folder: what a refused call must not touch. */
function listFiles(dir: string): string {
  const entries: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      if (name === ".git") continue;
      const path = join(at, name);
      const stat = statSync(path);
      entries.push(`${path}:${stat.size}:${stat.mtimeMs}`);
      if (stat.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return entries.join("\n");
}

/** The tRPC code and HTTP status of a failed call; a response that is not tRPC's has only a status. */
export function describeFailure(error: unknown): { code: string | undefined; status: number | undefined } {
  if (!(error instanceof TRPCClientError)) return { code: undefined, status: lastStatus };
  const data = error.data as { code?: string; httpStatus?: number } | undefined;
  return { code: data?.code, status: data?.httpStatus ?? lastStatus };
}
