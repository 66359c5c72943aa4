import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type IncomingHttpHeaders, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Store } from "@maestro/db";
import type { MaestroEvent } from "@maestro/domain";
import { TRPCClientError, createTRPCClient, httpLink } from "@trpc/client";
import { afterEach } from "vitest";
import { WebSocket } from "ws";
import { type RunningServer, type ServerOptions, startServer } from "../src/main";
import type { AppRouter } from "../src/routers/app";
import { freshDatabaseUrl } from "./engine";
import { storeSnapshot } from "./helpers";

/** Real servers on port 0 in throw-away MAESTRO homes; `cleanup()` closes them and deletes the homes. */
export function makeServerPool() {
  const servers: RunningServer[] = [];
  const homes: string[] = [];
  const databaseByHome = new Map<string, string>();
  function home(): string {
    const dir = mkdtempSync(join(tmpdir(), "maestro-test-"));
    homes.push(dir);
    return dir;
  }
  return {
    home,
    async start(options: Partial<ServerOptions> = {}): Promise<RunningServer> {
      // On the postgres project each home gets a database of its own (a restart in the same home
      // finds its data again, as with the SQLite file), unless told otherwise.
      const serverHome = options.home ?? home();
      let databaseUrl = options.databaseUrl;
      if (!databaseUrl && !options.databasePath) {
        databaseUrl = databaseByHome.get(serverHome) ?? (await freshDatabaseUrl());
        if (databaseUrl) databaseByHome.set(serverHome, databaseUrl);
      }
      const server = await startServer({
        home: serverHome,
        ...(databaseUrl ? { databaseUrl } : {}),
        host: "127.0.0.1",
        port: 0,
        log: () => {},
        ...options,
      });
      servers.push(server);
      return server;
    },
    async cleanup(): Promise<void> {
      await Promise.all(servers.splice(0).map((server) => server.close()));
      for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A server pool for this test file, emptied after each test. */
export function useServerPool(): ReturnType<typeof makeServerPool> {
  const pool = makeServerPool();
  afterEach(() => pool.cleanup());
  return pool;
}

/** A client presenting `token` (a server's owner token, a session's, a runner's), or none at all. */
export function makeHttpClient(url: string, options: { token?: string; headers?: Record<string, string> } = {}) {
  const auth: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers: { ...auth, ...options.headers } })],
  });
}

/** The owner token a server wrote into its home on first start. */
export function ownerTokenOf(home: string): string {
  return readFileSync(join(home, "token"), "utf8").trim();
}

/** The owner's client of a running server. */
export function ownerClient(server: Pick<RunningServer, "url" | "token">) {
  return makeHttpClient(server.url, { token: server.token });
}

export type HttpClient = ReturnType<typeof makeHttpClient>;

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A plain node:http request that sends the path and headers exactly as given (fetch normalizes
 * `..` away and refuses to set Host).
 */
export function rawRequest(opts: {
  port: number;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: opts.port,
        path: opts.path,
        method: opts.method ?? "GET",
        headers: opts.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

export type UpgradeOutcome =
  { kind: "open" } | { kind: "refused"; status: number } | { kind: "error"; message: string };

/** Attempts a WebSocket upgrade and reports whether it opened, was refused with a status, or failed. */
export function tryUpgrade(
  url: string,
  options: { origin?: string; headers?: Record<string, string> } = {},
): Promise<UpgradeOutcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, options);
    ws.once("open", () => {
      ws.terminate();
      resolve({ kind: "open" });
    });
    ws.once("unexpected-response", (_req, res) => {
      res.resume();
      ws.terminate();
      resolve({ kind: "refused", status: res.statusCode ?? 0 });
    });
    ws.once("error", (error) => resolve({ kind: "error", message: error.message }));
  });
}

/**
 * `ws` as the WebSocket that tRPC's client expects: Node 20 has no global WebSocket, and the
 * `ws` class lacks the DOM's EventTarget typing although it implements what tRPC uses.
 */
export const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;

/** Polls `check` until it returns true, failing with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Every event `listPage` (an `event.list` call) answers, following its cursor page by page. */
export async function followEventPages(
  listPage: (page: {
    cursor: string | null;
    limit: number;
  }) => Promise<{ items: MaestroEvent[]; nextCursor: string | null }>,
): Promise<MaestroEvent[]> {
  const all: MaestroEvent[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: MaestroEvent[]; nextCursor: string | null } = await listPage({ cursor, limit: 500 });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** Every stored event, following `event.list` page by page. */
export function listAllEvents(client: HttpClient): Promise<MaestroEvent[]> {
  return followEventPages((page) => client.event.list.query(page));
}

/** A small seeded PRNG (mulberry32), so "random" drop points are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Everything stored, to prove a refused call wrote nothing. */
export async function dbSnapshot(database: Store): Promise<string> {
  return await storeSnapshot(database);
}

/** Awaits a call that must fail and returns its TRPCClientError, typed with the server's error data. */
export async function expectClientError(promise: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  const outcome = await promise.then(
    () => new Error("expected the call to fail, but it succeeded"),
    (error: unknown) => error,
  );
  if (!(outcome instanceof TRPCClientError)) throw outcome;
  return outcome as TRPCClientError<AppRouter>;
}
