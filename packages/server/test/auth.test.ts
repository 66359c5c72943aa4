import { ENGINE } from "./engine";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { WebSocket } from "ws";
import { describe, expect, it } from "vitest";
import {
  dbSnapshot,
  expectClientError,
  makeHttpClient,
  useServerPool,
  ownerClient,
  rawRequest,
  waitFor,
} from "./live-server";

// Issue 12 "Locked by default": every request needs a credential, loopback included; the
// runners' credential reaches runner calls only; files under $MAESTRO_HOME are the owner's alone.

const pool = useServerPool();

const mode = (path: string) => statSync(path).mode & 0o777;

/** What a WebSocket connection with these params gets back for a subscription, until it is closed. */
async function subscribeOverSocket(port: number, params: Record<string, string> | undefined): Promise<unknown[]> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/trpc${params ? "?connectionParams=1" : ""}`);
  const messages: unknown[] = [];
  ws.on("message", (data) => messages.push(JSON.parse(String(data))));
  ws.on("open", () => {
    if (params) ws.send(JSON.stringify({ method: "connectionParams", data: params }));
    ws.send(JSON.stringify({ id: 1, method: "subscription", params: { path: "event.onEvent", input: {} } }));
  });
  await new Promise((resolve) => ws.on("close", resolve));
  return messages;
}

describe("a server started with no token configured", () => {
  it("refuses a request with no token, an empty one or a wrong one (401 on loopback) and writes nothing", async () => {
    const server = await pool.start();
    const before = await dbSnapshot(server.database);
    const create = { name: "Pwn", rootDir: "/tmp/pwn", key: "PWN" };
    for (const client of [
      makeHttpClient(server.url),
      makeHttpClient(server.url, { headers: { authorization: "Bearer " } }),
      makeHttpClient(server.url, { headers: { authorization: "Bearer    " } }),
      makeHttpClient(server.url, { token: `${server.token}x` }),
      // The old way to name yourself: a header is not a credential.
      makeHttpClient(server.url, { headers: { "x-maestro-actor": "owner" } }),
    ]) {
      const error = await expectClientError(client.project.create.mutate(create));
      expect(error.data).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401 });
      expect(error.message).toBe("missing or wrong token");
    }
    const raw = await rawRequest({ port: server.port, path: "/trpc/project.list" });
    expect(raw.status).toBe(401);
    expect(await dbSnapshot(server.database)).toBe(before);
  });

  it("refuses a WebSocket with no token or an empty one before any subscription starts", async () => {
    const server = await pool.start();
    for (const params of [undefined, { token: "" }, { token: "nope-nope-nope-nope" }]) {
      const messages = await subscribeOverSocket(server.port, params);
      expect(messages.length, JSON.stringify(params)).toBeGreaterThan(0);
      for (const message of messages) {
        expect(message).toMatchObject({ error: { data: { code: "UNAUTHORIZED", httpStatus: 401 } } });
      }
    }
    expect(server.events.listenerCount()).toBe(0);
  });

  it("answers /healthz without a token, and the owner with the token written to <home>/token", async () => {
    const home = pool.home();
    const server = await pool.start({ home });
    expect((await rawRequest({ port: server.port, path: "/healthz" })).status).toBe(200);
    expect(readFileSync(join(home, "token"), "utf8").trim()).toBe(server.token);
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
    await ownerClient(server).project.create.mutate({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
    expect((await ownerClient(server).project.list.query()).items.map((p) => p.key)).toEqual(["WEB"]);
  });

  it("records the principal as the actor, whatever header names someone else", async () => {
    const server = await pool.start();
    const client = makeHttpClient(server.url, { token: server.token, headers: { "x-maestro-actor": "alice" } });
    await client.project.create.mutate({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
    const [event] = (await client.event.list.query({})).items;
    expect(event).toMatchObject({ kind: "project.created", actor: "owner" });
  });

  it("keeps the token across restarts, and a MAESTRO_TOKEN override replaces it without writing it", async () => {
    const home = pool.home();
    const first = await pool.start({ home });
    await first.close();
    const second = await pool.start({ home });
    expect(second.token).toBe(first.token);
    await second.close();

    const other = pool.home();
    const overridden = await pool.start({ home: other, token: "an-override-token-of-length" });
    expect(overridden.token).toBe("an-override-token-of-length");
    expect(existsSync(join(other, "token"))).toBe(false);
    const stale = await expectClientError(makeHttpClient(overridden.url, { token: first.token }).project.list.query());
    expect(stale.data?.httpStatus).toBe(401);
  });
});

describe("the runners' credential", () => {
  it("calls runner procedures and follows sessions, and nothing else (FORBIDDEN naming the procedure)", async () => {
    const server = await pool.start();
    expect(server.runnerToken).toMatch(/^[0-9a-f]{64}$/);
    expect(server.runnerToken).not.toBe(server.token);
    const runner = makeHttpClient(server.url, { token: server.runnerToken });
    await runner.runner.heartbeat.mutate({ runnerId: "r1", sessions: [] });
    const before = await dbSnapshot(server.database);
    const add = await expectClientError(
      runner.agent.add.mutate({ name: "pwn", adapter: "custom", command: ["sh", "-c", "id"] }),
    );
    expect(add.data).toMatchObject({ code: "FORBIDDEN", httpStatus: 403 });
    expect(add.message).toBe("the runner credential may not call agent.add");
    for (const call of [
      () => runner.project.list.query(),
      () => runner.project.create.mutate({ name: "Pwn", rootDir: "/tmp/pwn", key: "PWN" }),
      () => runner.event.list.query({}),
    ]) {
      expect((await expectClientError(call())).data?.code).toBe("FORBIDDEN");
    }
    expect(await dbSnapshot(server.database)).toBe(before);
  });

  it("is refused to an agent's session token on runner calls, and the owner may still call them", async () => {
    const server = await pool.start();
    const owner = ownerClient(server);
    const project = await owner.project.create.mutate({ name: "Web", rootDir: pool.home(), key: "WEB" });
    const task = await owner.task.create.mutate({ projectId: project.id, title: "t", command: "true" });
    await owner.session.start.mutate({ taskIds: [task.id], agent: "shell" });
    const claim = (await owner.runner.claim.mutate({ runnerId: "r1" }))!;
    const agent = makeHttpClient(server.url, { token: claim.token });
    const refused = await expectClientError(agent.runner.heartbeat.mutate({ runnerId: "r1", sessions: [] }));
    expect(refused.data).toMatchObject({ code: "FORBIDDEN" });
    expect(refused.message).toBe("an agent session may not call runner.heartbeat");
  });
});

describe("files under $MAESTRO_HOME", () => {
  it("refuses a shared folder as its home instead of locking others out of it", async () => {
    const shared = join(pool.home(), "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    await expect(pool.start({ home: shared })).rejects.toThrow(
      /is a shared folder: give Maestro a data folder of its own/,
    );
    expect(mode(shared).toString(8)).toBe("777");
    expect(existsSync(join(shared, "token"))).toBe(false);
  });

  it("are the owner's alone: home 0700, tokens and database files 0600, even if they were open before", async () => {
    const home = join(pool.home(), "maestro-home");
    mkdirSync(home, { mode: 0o755 });
    chmodSync(home, 0o755);
    const server = await pool.start({ home });
    const owner = ownerClient(server);
    await owner.project.create.mutate({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
    // On PostgreSQL the data is in the database server: the home holds the tokens only.
    const databaseFiles = ENGINE === "sqlite" ? ["maestro.db", "maestro.db-wal", "maestro.db-shm"] : [];
    if (ENGINE === "sqlite") await waitFor("the WAL files", () => existsSync(join(home, "maestro.db-wal")));
    expect(mode(home).toString(8)).toBe("700");
    for (const file of ["token", "runner-token", ...databaseFiles]) {
      expect(mode(join(home, file)).toString(8), file).toBe("600");
    }
  });
});
