// What the agent-facing trial sets share: a real `maestro serve` with one project, fake agents
// from ./fixtures, and waits on sessions — all through the public API, as a user would.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Session, isSessionEnded } from "@maestro/domain";
import { type Client, type Serve, ownerClient, removeHome, startServe, until } from "./serve";

export const PROJECT_KEY = "CHA";

/** A fake agent script's absolute path. */
export const fixturePath = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

export interface World {
  serve: Serve;
  client: Client;
  /** The project's folder (not a git repository: sessions run in it, without a worktree). */
  rootDir: string;
  teardown(): Promise<void>;
}

/** A server in `home` with the project CHA; torn down with its home. */
export async function startWorld(home: string, env: Record<string, string> = {}): Promise<World> {
  const serve = await startServe({ home, env });
  const client = ownerClient(serve);
  const rootDir = join(home, "project");
  mkdirSync(rootDir);
  await client.project.create.mutate({ name: "Chaos", rootDir, key: PROJECT_KEY });
  return {
    serve,
    client,
    rootDir,
    async teardown() {
      await serve.stop();
      removeHome(home);
    },
  };
}

/** A custom agent profile running `command` (the prompt file is not passed). */
export async function addAgent(client: Client, name: string, command: string[], envAllowlist: string[] = []) {
  await client.agent.add.mutate({ name, adapter: "custom", command, envAllowlist });
}

/** The session once it has ended. */
export async function waitForEnd(client: Client, id: string, timeoutMs: number): Promise<Session> {
  return until(
    `session ${id} to end`,
    async () => {
      const session = await client.session.byId.query({ id });
      return isSessionEnded(session.status) ? session : undefined;
    },
    timeoutMs,
  );
}

/** A task on `agent`, started now (no autopilot): its session. */
export async function runOnce(client: Client, agent: string, title: string): Promise<Session> {
  const task = await client.task.create.mutate({ projectId: PROJECT_KEY, title, agent });
  return client.session.start.mutate({ taskIds: [task.id], agent });
}

/** Every chunk of a session's stored log, in seq order. */
export async function storedLog(client: Client, id: string) {
  const chunks: Awaited<ReturnType<Client["session"]["log"]["query"]>> = [];
  for (;;) {
    const page = await client.session.log.query({ id, afterSeq: chunks.at(-1)?.seq ?? 0, limit: 5_000 });
    chunks.push(...page);
    if (page.length < 5_000) return chunks;
  }
}
