import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Database, findSessionById, openDatabase } from "@maestro/db";
import { isSessionEnded } from "@maestro/domain";
import { TRPCClientError, createTRPCUntypedClient, createWSClient, httpLink, wsLink } from "@trpc/client";
import type { AppRouter } from "../../src/routers/app";
import type { RunningServer } from "../../src/main";
import { NodeWebSocket, makeServerPool } from "../live-server";

/**
 * A real server on port 0 with a project (in a throw-away git repository), tasks, a spec, an agent
 * profile and a live session whose token an agent would hold; untyped clients call any procedure
 * by its path. No runner is started, so a session the fuzz queues never spawns anything.
 */
export async function makeFuzzWorld() {
  const pool = makeServerPool();
  const sandbox = pool.home();
  const projectDir = join(sandbox, "repo");
  initRepository(projectDir);
  const server = await pool.start();
  // The owner token, once servers always demand one (see SECURITY-PLAN "Shared contract").
  const ownerToken = (server as RunningServer & { token?: string }).token;
  const owner = makeClient(server.url, ownerToken);
  const seeded = await seed(owner, projectDir);
  const watcher = openDatabase({ path: server.database.path });
  const ws = createWSClient({ url: server.url.replace(/^http/, "ws") + "/trpc", WebSocket: NodeWebSocket, connectionParams: ownerToken ? { token: ownerToken } : {} });
  const subscriber = createTRPCUntypedClient<AppRouter>({ links: [wsLink({ client: ws })] });
  return {
    server,
    sandbox,
    projectDir,
    owner,
    subscriber,
    realIds: seeded.realIds,
    /** A client holding a live session's token; a new session is seeded when the last one ended. */
    agent: () => agentClient(server, owner),
    /** Commits by any connection since the last look (see `dataVersion`). */
    dataVersion: () => dataVersion(watcher),
    projectFiles: () => listFiles(projectDir),
    async close() {
      await ws.close();
      watcher.close();
      await pool.cleanup();
    },
  };
}

export type FuzzWorld = Awaited<ReturnType<typeof makeFuzzWorld>>;
export type UntypedClient = ReturnType<typeof makeClient>;

/**
 * The HTTP status of the last response, for answers that are not tRPC's (Node itself answers
 * 431 to a query whose input does not fit in a URL). Calls are made one at a time.
 */
let lastStatus: number | undefined;

async function recordingFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  lastStatus = undefined;
  const response = await fetch(input, init);
  lastStatus = response.status;
  return response;
}

function makeClient(url: string, token: string | undefined) {
  const headers: Record<string, string> = { "x-maestro-actor": "fuzz" };
  if (token) headers.authorization = `Bearer ${token}`;
  return createTRPCUntypedClient<AppRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers, fetch: recordingFetch })],
  });
}

function initRepository(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) => execFileSync("git", ["-c", "core.hooksPath=/dev/null", ...args], { cwd: dir, stdio: "ignore" });
  git("init", "-q", "-b", "main");
  git("-c", "user.name=fuzz", "-c", "user.email=fuzz@example.invalid", "commit", "-q", "--allow-empty", "-m", "root");
}

async function seed(owner: UntypedClient, projectDir: string) {
  const project = (await owner.mutation("project.create", { name: "Fuzz", rootDir: projectDir, key: "FZ" })) as { id: string };
  const parent = (await owner.mutation("task.create", { projectId: "FZ", title: "Parent", acceptanceCriteria: ["ok"] })) as { id: string };
  const child = (await owner.mutation("task.create", { projectId: "FZ", title: "Child", parentId: parent.id })) as { id: string };
  const other = (await owner.mutation("task.create", { projectId: "FZ", title: "Other", dependsOn: [parent.id] })) as { id: string };
  await owner.mutation("agent.add", { name: "fuzz-agent", adapter: "custom", command: ["/bin/true", "{promptFile}"] });
  const spec = (await owner.mutation("spec.create", { projectId: "FZ", name: "Fuzz spec", slug: "fuzz-spec" })) as { id: string };
  const session = (await owner.mutation("session.start", { taskIds: [parent.id], agent: "fuzz-agent" })) as { id: string };
  await owner.mutation("runner.claim", { runnerId: "fuzz-seed" });
  const realIds = [project.id, "FZ", parent.id, child.id, other.id, "FZ-1", "FZ-2", "FZ-3", "fuzz-agent", spec.id, "FZ/fuzz-spec", "fuzz-spec", session.id, "main", "requirements"];
  return { realIds };
}

let agentSession: { id: string; client: UntypedClient } | undefined;

/**
 * A live session's token, claimed as a runner would (the claim mints it), on a task of its own.
 * Claims hand out the oldest queued session first, so those the fuzz queued are claimed on the way.
 */
async function agentClient(server: RunningServer, owner: UntypedClient): Promise<UntypedClient> {
  if (agentSession && isLive(server.database, agentSession.id)) return agentSession.client;
  const task = (await owner.mutation("task.create", { projectId: "FZ", title: "An agent's task" })) as { id: string };
  const session = (await owner.mutation("session.start", { taskIds: [task.id], agent: "fuzz-agent" })) as { id: string };
  for (;;) {
    const claim = (await owner.mutation("runner.claim", { runnerId: "fuzz-seed" })) as { session: { id: string }; token: string } | null;
    if (!claim) throw new Error(`the session seeded for the agent (${session.id}) was not claimable`);
    if (claim.session.id !== session.id) continue;
    agentSession = { id: session.id, client: makeClient(server.url, claim.token) };
    return agentSession.client;
  }
}

function isLive(database: Database, sessionId: string): boolean {
  const session = findSessionById(database.db, sessionId);
  return session !== undefined && !isSessionEnded(session.status);
}

/**
 * SQLite's `PRAGMA data_version`, read on a second connection: it changes exactly when another
 * connection (the server's) commits a write, to any table — a rolled-back transaction does not
 * count — so it proves "nothing was written" without reading the tables.
 */
function dataVersion(watcher: Database): number {
  return watcher.db.all<{ data_version: number }>("PRAGMA data_version")[0]!.data_version;
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
