import { describe, expect, it } from "vitest";
import type { RunningServer } from "../src/main";
import { makeHttpClient, ownerClient, rawRequest, useServerPool } from "./live-server";

// Issue 16 ("See it"): MAESTRO_LOG_FORMAT=json — one JSON object per line with request ids, over
// real HTTP; secrets never in a line, whatever the request carried.

const pool = useServerPool();
const TIMEOUT = 30_000;
const OWNER_TOKEN = "owner-token-for-the-log-test-0123456789";
const WEBHOOK_SECRET = "webhook-secret-never-logged-42";
const WRONG_TOKEN = "a-wrong-token-someone-tried-0123456789";

interface LogLine {
  time: string;
  level: string;
  msg: string;
  requestId?: string;
  procedure?: string;
  status?: number;
  sessionId?: string;
}

async function startLogged(format: "json" | "text", level: "debug" | "info" = "debug") {
  const lines: string[] = [];
  const server = await pool.start({
    token: OWNER_TOKEN,
    logFormat: format,
    logLevel: level,
    log: (line) => lines.push(line),
  });
  return { server, lines };
}

function parseLines(lines: string[]): LogLine[] {
  return lines.map((line) => {
    const parsed = JSON.parse(line) as LogLine;
    expect(Number.isNaN(Date.parse(parsed.time))).toBe(false);
    expect(["debug", "info", "warn", "error"]).toContain(parsed.level);
    expect(typeof parsed.msg).toBe("string");
    return parsed;
  });
}

/** Fails the next write with a cause no domain rule knows: an internal error. */
function breakWrites(server: RunningServer): () => void {
  const original = server.database.transaction;
  server.database.transaction = () => {
    throw new Error("the disk is on fire");
  };
  return () => (server.database.transaction = original);
}

const host = (server: RunningServer) => `127.0.0.1:${server.port}`;

describe("structured logs", () => {
  it(
    "writes one JSON object per line, each HTTP request with its id (the caller's, or a fresh one)",
    async () => {
      const { server, lines } = await startLogged("json");
      const owner = ownerClient(server);
      await owner.project.create.mutate({ name: "Logs", rootDir: "/tmp", key: "LOG" });
      const traced = await rawRequest({
        port: server.port,
        path: "/trpc/project.list",
        headers: { host: host(server), authorization: `Bearer ${OWNER_TOKEN}`, "x-request-id": "trace-abc.1" },
      });
      expect(traced.status).toBe(200);
      expect(traced.headers["x-request-id"]).toBe("trace-abc.1");
      const fresh = await rawRequest({ port: server.port, path: "/healthz", headers: { host: host(server) } });
      // An id that is not a plain token (a log injection attempt) is replaced.
      const injected = await rawRequest({
        port: server.port,
        path: "/healthz",
        headers: { host: host(server), "x-request-id": 'x" level="error' },
      });
      expect(injected.headers["x-request-id"]).not.toContain('"');
      const logged = parseLines(lines);
      const byId = (id: unknown) => logged.filter((line) => line.requestId === id);
      expect(byId("trace-abc.1")).toEqual([
        expect.objectContaining({ level: "debug", procedure: "project.list", status: 200 }),
      ]);
      expect(byId(fresh.headers["x-request-id"])).toEqual([
        expect.objectContaining({ procedure: "/healthz", status: 200 }),
      ]);
      expect(byId(injected.headers["x-request-id"])).toHaveLength(1);
      expect(logged.some((line) => line.procedure === "project.create" && line.status === 200)).toBe(true);
      // Ids are distinct per request.
      const ids = logged.map((line) => line.requestId).filter(Boolean);
      expect(new Set(ids).size).toBe(ids.length);
    },
    TIMEOUT,
  );

  it(
    "logs an internal error at level error with its request id, procedure and the agent's session",
    async () => {
      const { server, lines } = await startLogged("json", "info");
      const owner = ownerClient(server);
      await owner.project.create.mutate({ name: "Logs", rootDir: "/tmp", key: "LOG" });
      await owner.agent.add.mutate({ name: "echo", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
      await owner.task.create.mutate({ projectId: "LOG", title: "First", agent: "echo" });
      await owner.session.start.mutate({ taskIds: ["LOG-1"] });
      const claim = (await makeHttpClient(server.url, { token: server.runnerToken }).runner.claim.mutate({
        runnerId: "r1",
      }))!;
      const agent = makeHttpClient(server.url, { token: claim.token, headers: { "x-request-id": "agent-call-7" } });
      const restore = breakWrites(server);
      await expect(agent.task.create.mutate({ projectId: "LOG", title: "Sub" })).rejects.toThrow(/internal error/);
      restore();
      const errors = parseLines(lines).filter((line) => line.level === "error");
      expect(errors).toEqual([
        expect.objectContaining({
          msg: expect.stringContaining("the disk is on fire"),
          requestId: "agent-call-7",
          procedure: "task.create",
          sessionId: claim.session.id,
        }),
      ]);
      expect(lines.join("\n")).not.toContain(claim.token);
    },
    TIMEOUT,
  );

  it(
    "keeps the text format as it was: the message alone, and no line per request unless asked",
    async () => {
      const { server, lines } = await startLogged("text", "info");
      const owner = ownerClient(server);
      await owner.project.create.mutate({ name: "Logs", rootDir: "/tmp", key: "LOG" });
      expect(lines).toEqual([]);
      const restore = breakWrites(server);
      await expect(owner.task.create.mutate({ projectId: "LOG", title: "Broken" })).rejects.toThrow();
      restore();
      expect(lines).toEqual(["internal error in task.create: Error: the disk is on fire"]);
    },
    TIMEOUT,
  );

  it(
    "never writes a token, an Authorization header, a webhook secret or a sign-in secret",
    async () => {
      const { server, lines } = await startLogged("json");
      const owner = ownerClient(server);
      await owner.project.create.mutate({ name: "Logs", rootDir: "/tmp", key: "LOG" });
      await owner.webhook.set.mutate({ projectId: "LOG", url: "http://127.0.0.1:9/hook", secret: WEBHOOK_SECRET });
      const wrong = makeHttpClient(server.url, { token: WRONG_TOKEN });
      await expect(wrong.project.list.query()).rejects.toThrow();
      const signIn = await rawRequest({
        port: server.port,
        path: "/auth/signin",
        method: "POST",
        headers: { host: host(server), "content-type": "application/json", origin: `http://${host(server)}` },
        body: JSON.stringify({ token: WRONG_TOKEN }),
      });
      expect(signIn.status).toBeGreaterThanOrEqual(400);
      // A GET query carries its input in the URL: only the procedure is logged, never the query.
      await rawRequest({
        port: server.port,
        path: `/trpc/project.byId?input=${encodeURIComponent(JSON.stringify({ id: WEBHOOK_SECRET }))}`,
        headers: { host: host(server), authorization: `Bearer ${OWNER_TOKEN}` },
      });
      await rawRequest({
        port: server.port,
        path: "/metrics",
        headers: { host: host(server), authorization: `Bearer ${WRONG_TOKEN}` },
      });
      const restore = breakWrites(server);
      // An internal error whose cause quotes a credential: the line keeps the error, not the secret.
      server.database.transaction = () => {
        throw new Error(`refused Authorization: Bearer ${WRONG_TOKEN} (token=${server.runnerToken})`);
      };
      await expect(owner.task.create.mutate({ projectId: "LOG", title: "Broken" })).rejects.toThrow();
      restore();
      const all = lines.join("\n");
      expect(parseLines(lines).length).toBeGreaterThan(5);
      expect(all).toContain("[redacted]");
      for (const secret of [OWNER_TOKEN, server.runnerToken, WEBHOOK_SECRET, WRONG_TOKEN]) {
        expect(all).not.toContain(secret);
      }
      expect(all.toLowerCase()).not.toContain("bearer owner");
    },
    TIMEOUT,
  );
});
