// What the agent benchmarks share: a project on the server's home, a custom agent running one of
// ./agents/*.mjs with this Node, and a wait for sessions to end.
import { fileURLToPath } from "node:url";
import type { AppRouter } from "@maestro/server";
import { type TRPCClient, createTRPCClient, httpLink } from "@trpc/client";
import type { Session } from "@maestro/domain";

export type BenchClient = TRPCClient<AppRouter>;

/** The longest any one API call of a bench may take: a server that stops answering fails the bench. */
export const CALL_DEADLINE_MS = 60_000;

/** fetch with a deadline on every call (and the caller's own signal, if any). */
export const fetchWithDeadline: typeof fetch = (input, init) => {
  const deadline = AbortSignal.timeout(CALL_DEADLINE_MS);
  const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
  return fetch(input, { ...init, signal });
};

/** The owner's client: `token` is the server's owner token (`<home>/token`); every call has a deadline. */
export function httpClient(url: string, token: string): BenchClient {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers: { authorization: `Bearer ${token}` }, fetch: fetchWithDeadline })],
  });
}

/** A project rooted at `rootDir` and a custom agent `name` that runs `node agents/<script> ...args`. */
export async function seedAgent(
  client: BenchClient,
  opts: { key: string; rootDir: string; name: string; script: string; args: string[] },
) {
  const project = await client.project.create.mutate({ name: opts.key, rootDir: opts.rootDir, key: opts.key });
  await addScriptAgent(client, opts);
  return project;
}

/** A custom agent `name` that runs `node agents/<script> ...args`. */
export async function addScriptAgent(client: BenchClient, opts: { name: string; script: string; args: string[] }) {
  const script = fileURLToPath(new URL(`./agents/${opts.script}`, import.meta.url));
  await client.agent.add.mutate({
    name: opts.name,
    adapter: "custom",
    command: [process.execPath, script, ...opts.args],
  });
}

/** Creates a task and starts a session of `agent` on it; returns the session's id. */
export async function startAgentSession(
  client: BenchClient,
  projectId: string,
  agent: string,
  title: string,
): Promise<string> {
  const task = await client.task.create.mutate({ projectId, title });
  return (await client.session.start.mutate({ taskIds: [task.id], agent })).id;
}

export async function waitForSessionsEnd(
  client: BenchClient,
  ids: readonly string[],
  timeoutMs: number,
): Promise<Session[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sessions = await Promise.all(ids.map((id) => client.session.byId.query({ id })));
    if (sessions.every((session) => session.endedAt !== null)) return sessions;
    if (Date.now() > deadline) {
      throw new Error(`sessions still ${sessions.map((s) => s.status).join(", ")} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
