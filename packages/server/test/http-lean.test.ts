// The lean tRPC path (src/http/trpc-lean.ts) against tRPC's own HTTP adapter, over real HTTP.
// A procedure path with an encoded dot (`task%2Ecreate`) is the same call to tRPC, but the lean
// path leaves it to the adapter: so each case is asked both ways and must be answered alike.
import { describe, expect, it } from "vitest";
import { type RawResponse, dbSnapshot, ownerClient, rawRequest, useServerPool } from "./live-server";
import type { RunningServer } from "../src/main";

const pool = useServerPool();

interface Ask {
  method?: "GET" | "POST";
  /** `task.create`, `a,b?batch=1`, … */
  path: string;
  body?: string;
  headers?: Record<string, string>;
  token?: string | null;
}

function ask(server: RunningServer, opts: Ask, viaAdapter = false): Promise<RawResponse> {
  const [procedures, query] = opts.path.split("?");
  const path = viaAdapter ? procedures!.replaceAll(".", "%2E") : procedures!;
  const token = opts.token === undefined ? server.token : opts.token;
  return rawRequest({
    port: server.port,
    path: `/trpc/${path}${query ? `?${query}` : ""}`,
    method: opts.method ?? "POST",
    headers: {
      host: `127.0.0.1:${server.port}`,
      ...(opts.method === "GET" ? {} : { "content-type": "application/json" }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...opts.headers,
    },
    ...(opts.body === undefined ? {} : { body: opts.body }),
  });
}

/** Asks the lean path, then the adapter; both answers, which must agree in status, type and body. */
async function askBoth(server: RunningServer, opts: Ask) {
  const lean = await ask(server, opts);
  const adapter = await ask(server, opts, true);
  expect({ status: lean.status, type: lean.headers["content-type"], vary: lean.headers.vary }).toEqual({
    status: adapter.status,
    type: adapter.headers["content-type"],
    vary: adapter.headers.vary,
  });
  expect(JSON.parse(lean.body)).toEqual(JSON.parse(adapter.body));
  return { lean, adapter, json: JSON.parse(lean.body) as { error?: { message: string; data: object } } };
}

async function serverWithProject() {
  const server = await pool.start();
  await ownerClient(server).project.create.mutate({ name: "Web", rootDir: pool.home(), key: "WEB" });
  return server;
}

describe("the lean tRPC path", () => {
  it("answers a plain call in one piece (Content-Length), as the client reads it", async () => {
    const server = await serverWithProject();
    const res = await ask(server, { path: "task.create", body: JSON.stringify({ projectId: "WEB", title: "One" }) });
    expect(res.status).toBe(200);
    expect(res.headers["content-length"]).toBe(String(Buffer.byteLength(res.body)));
    expect(JSON.parse(res.body)).toMatchObject({ result: { data: { key: "WEB-1", title: "One" } } });
    expect(res.headers["content-security-policy"]).toMatch(/default-src 'self'/);
  });

  it.each([
    ["bad JSON", "{nope", /JSON/],
    ["an empty body", "", /end of JSON input/],
    ["a JSON array for a single call", "[1]", /expected object/i],
  ])("refuses %s with 400 BAD_REQUEST as the adapter does, and writes nothing", async (_name, body, message) => {
    const server = await serverWithProject();
    const before = await dbSnapshot(server.database);
    const { json } = await askBoth(server, { path: "task.create", body });
    expect(json.error?.data).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400, path: "task.create" });
    expect(json.error?.message).toMatch(message);
    expect(await dbSnapshot(server.database)).toBe(before);
  });

  it("gives input, domain and authentication errors the errorFormatter's shape (domainCode, field, details)", async () => {
    const server = await serverWithProject();
    const invalid = await askBoth(server, {
      path: "task.create",
      body: JSON.stringify({ projectId: "WEB", title: "" }),
    });
    expect(invalid.json.error?.data).toMatchObject({ code: "BAD_REQUEST", field: "title", domainCode: null });
    const missing = await askBoth(server, {
      path: "task.create",
      body: JSON.stringify({ projectId: "NO", title: "x" }),
    });
    expect(missing.json.error?.data).toMatchObject({ code: "NOT_FOUND", httpStatus: 404, domainCode: "NOT_FOUND" });
    const conflict = await askBoth(server, {
      path: "project.create",
      body: JSON.stringify({ name: "Web", rootDir: "/tmp", key: "WEB" }),
    });
    expect(conflict.json.error?.data).toMatchObject({ httpStatus: 409, domainCode: "ALREADY_EXISTS", field: "key" });
    for (const token of [null, "wrong-token-0123456789"]) {
      const refused = await askBoth(server, { path: "task.create", body: "{}", token });
      expect(refused.lean.status).toBe(401);
      expect(refused.json.error?.data).toMatchObject({ code: "UNAUTHORIZED", path: "task.create" });
    }
    const runner = await askBoth(server, { path: "task.create", body: "{}", token: server.runnerToken });
    expect(runner.json.error?.data).toMatchObject({ code: "FORBIDDEN", httpStatus: 403 });
  });

  it("leaves unknown procedures and the wrong method to the adapter (404, 405)", async () => {
    const server = await serverWithProject();
    const unknown = await ask(server, { path: "task.nope", body: "{}" });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.message).toBe('No procedure found on path "task.nope"');
    const getMutation = await ask(server, { method: "GET", path: "task.create" });
    expect(getMutation.status).toBe(405);
    expect(JSON.parse(getMutation.body).error.data).toMatchObject({ code: "METHOD_NOT_SUPPORTED" });
    const postQuery = await ask(server, { path: "project.list", body: "{}" });
    expect(postQuery.status).toBe(405);
    const plainText = await ask(server, { path: "task.create", body: "{}", headers: { "content-type": "text/plain" } });
    expect(plainText.status).toBe(415);
  });

  it("answers batches as the adapter does: queries by GET, mutations by POST, 207 when they differ", async () => {
    const server = await serverWithProject();
    const input = encodeURIComponent(JSON.stringify({ 0: { projectId: "WEB" }, 1: { id: "WEB-404" } }));
    const queries = await askBoth(server, { method: "GET", path: `task.list,task.byId?batch=1&input=${input}` });
    expect(queries.lean.status).toBe(207);
    expect(queries.json).toMatchObject([
      { result: { data: { items: [] } } },
      { error: { data: { code: "NOT_FOUND" } } },
    ]);
    const creates = JSON.stringify({ 0: { projectId: "WEB", title: "A" }, 1: { projectId: "WEB", title: "" } });
    const lean = await ask(server, { path: "task.create,task.create?batch=1", body: creates });
    expect(lean.status).toBe(207);
    expect(JSON.parse(lean.body)).toMatchObject([
      { result: { data: { key: "WEB-1" } } },
      { error: { data: { code: "BAD_REQUEST", field: "title" } } },
    ]);
    const notAnObject = await askBoth(server, { path: "task.create,task.create?batch=1", body: "[]" });
    expect(notAnObject.lean.status).toBe(400);
    const badQuery = await askBoth(server, { method: "GET", path: "project.list?input=%7Bx" });
    expect(badQuery.json.error?.data).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses a body over 2 MiB with 413 PAYLOAD_TOO_LARGE as the adapter does, writes nothing and stays up", async () => {
    const server = await serverWithProject();
    const before = await dbSnapshot(server.database);
    const body = JSON.stringify({ name: "x".repeat(3 * 1024 * 1024), rootDir: "/tmp/x", key: "BIG" });
    const { json } = await askBoth(server, { path: "project.create", body });
    expect(json.error?.data).toMatchObject({ code: "PAYLOAD_TOO_LARGE", httpStatus: 413, path: "project.create" });
    expect(await dbSnapshot(server.database)).toBe(before);
    expect((await ask(server, { method: "GET", path: "project.list" })).status).toBe(200);
  });

  it("aborts a held runner claim when its client goes away: the next session goes to a runner still listening", async () => {
    const server = await serverWithProject();
    const owner = ownerClient(server);
    await owner.agent.add.mutate({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
    await owner.task.create.mutate({ projectId: "WEB", title: "Run it" });
    const claim = (runnerId: string, signal?: AbortSignal) =>
      fetch(`${server.url}/trpc/runner.claim`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.runnerToken}`, "content-type": "application/json" },
        body: JSON.stringify({ runnerId, waitMs: 20_000 }),
        ...(signal ? { signal } : {}),
      });
    const gone = new AbortController();
    const orphaned = claim("r-gone", gone.signal).catch(() => "aborted");
    await new Promise((resolve) => setTimeout(resolve, 200));
    gone.abort();
    expect(await orphaned).toBe("aborted");
    const listening = claim("r-listening");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const session = await owner.session.start.mutate({ taskIds: ["WEB-1"], agent: "script" });
    const answer = (await (await listening).json()) as {
      result: { data: { session: { id: string; runnerId: string } } };
    };
    expect(answer.result.data.session).toMatchObject({ id: session.id, runnerId: "r-listening" });
  }, 30_000);
});
