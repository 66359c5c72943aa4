import { mkdtempSync, rmSync } from "node:fs";
import { type Server, type Socket, connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MaestroEvent } from "@maestro/domain";
import { type RunningServer, startServer } from "@maestro/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MaestroClient, createMaestroClient } from "../src/client";
import type { Io } from "../src/output";
import { runCli } from "../src/program";
import { freePort, until } from "./live";

// `maestro events`: history after an id and of some kinds, NDJSON, and --follow across a cut
// connection (a TCP proxy in front of the server drops every socket) without a gap or a repeat.

let home: string;
let server: RunningServer;
let client: MaestroClient;
let proxy: DropProxy;

interface DropProxy {
  url: string;
  open(): number;
  dropAll(): number;
  close(): Promise<void>;
}

/** Forwards each connection to `targetPort`; `dropAll` resets every socket, as a network drop does. */
async function startDropProxy(targetPort: number, port: number): Promise<DropProxy> {
  const open = new Set<Socket>();
  const proxyServer: Server = createServer((downstream) => {
    const upstream = connect(targetPort, "127.0.0.1");
    for (const socket of [downstream, upstream]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      socket.on("error", () => {
        downstream.destroy();
        upstream.destroy();
      });
    }
    downstream.pipe(upstream).pipe(downstream);
  });
  await new Promise<void>((resolve) => proxyServer.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    open: () => open.size,
    dropAll() {
      const cut = open.size;
      for (const socket of open) socket.resetAndDestroy();
      return cut;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => proxyServer.close(resolve));
    },
  };
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "maestro-cli-events-"));
  const proxyPort = await freePort();
  server = await startServer({
    home,
    host: "127.0.0.1",
    port: 0,
    log: () => {},
    allowedHosts: [`127.0.0.1:${proxyPort}`],
  });
  proxy = await startDropProxy(server.port, proxyPort);
  client = createMaestroClient({ url: server.url, token: server.token });
  await client.project.create.mutate({ name: "Web", rootDir: home, key: "WEB" });
  await client.project.create.mutate({ name: "Api", rootDir: home, key: "API" });
});

afterAll(async () => {
  await proxy?.close();
  await server?.close();
  rmSync(home, { recursive: true, force: true });
});

/** Runs `maestro …` in-process; its lines can be read while it runs. */
function start(argv: string[], url = server.url) {
  const lines: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => lines.push(...t.trimEnd().split("\n")), err: (t) => err.push(t), isTTY: false };
  const done = runCli(argv, io, { MAESTRO_URL: url, MAESTRO_TOKEN: server.token });
  return { lines, err, done };
}

async function run(...argv: string[]) {
  const cli = start(argv);
  const code = await cli.done;
  return { code, lines: cli.lines, stderr: cli.err.join("\n") };
}

const parsed = (lines: string[]) => lines.map((line) => JSON.parse(line) as MaestroEvent);

async function latestId(): Promise<number> {
  const page = await client.event.list.query({ order: "desc", limit: 1 });
  return Number(page.items[0]!.id);
}

describe("maestro events", () => {
  it("prints the history after --since, only the --kind given, of one project; --json is one object a line", async () => {
    const since = await latestId();
    await client.task.create.mutate({ projectId: "WEB", title: "First" });
    await client.task.create.mutate({ projectId: "API", title: "Elsewhere" });
    await client.task.update.mutate({ id: "WEB-1", title: "First, renamed" });

    const json = await run("events", "--since", String(since), "--project", "WEB", "--kind", "task.updated", "--json");
    expect(json.code).toBe(0);
    const events = parsed(json.lines);
    expect(events.map((event) => event.kind)).toEqual(["task.updated"]);
    expect(Number(events[0]!.id)).toBeGreaterThan(since);

    const both = await run("events", "--since", String(since), "--kind", "task.created,task.updated", "--json");
    expect(parsed(both.lines).map((event) => event.kind)).toEqual(["task.created", "task.created", "task.updated"]);

    const human = await run("events", "--since", String(since), "--project", "WEB");
    expect(human.lines).toHaveLength(2);
    expect(human.lines[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}#\d+ {2}task\.created +WEB-1 {2}First \(/);
    expect(human.lines[1]).toMatch(/task\.updated +WEB-1 {2}title → /);

    const recent = await run("events", "--limit", "2", "--json");
    expect(parsed(recent.lines).map((event) => Number(event.id))).toEqual([(await latestId()) - 1, await latestId()]);
  });

  it("refuses an unknown --kind as a usage error naming the flag", async () => {
    const bad = await run("events", "--kind", "task.updated,task.exploded");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--kind/);
    expect(bad.stderr).toMatch(/task\.exploded/);
  });

  it(
    "--follow streams new events after the history, and after a dropped connection neither misses nor repeats one",
    { timeout: 30_000 },
    async () => {
      const before = await latestId();
      const follower = start(["events", "--follow", "--json", "--project", "WEB", "--limit", "1"], proxy.url);
      await until("the history line", () => (follower.lines.length === 1 ? true : undefined));
      expect(Number(parsed(follower.lines)[0]!.id)).toBe(before);

      await client.task.create.mutate({ projectId: "WEB", title: "Live" });
      await until("the live event", () => (follower.lines.length === 2 ? true : undefined));

      for (let round = 0; round < 3; round++) {
        await until("the follower connected", () => (proxy.open() > 0 ? true : undefined));
        const printed = follower.lines.length;
        expect(proxy.dropAll()).toBeGreaterThan(0);
        // Written while the follower is cut off: it must get them from the table when it resumes.
        await client.task.create.mutate({ projectId: "WEB", title: `While cut ${round}` });
        await client.task.create.mutate({ projectId: "API", title: `Other project ${round}` });
        await until("the event written while cut", () => (follower.lines.length > printed ? true : undefined));
      }
      await client.task.create.mutate({ projectId: "WEB", title: "After" });
      const expected = (await client.event.list.query({ projectId: "WEB", after: String(before - 1), limit: 100 }))
        .items;
      await until("every event of WEB", () => (follower.lines.length >= expected.length ? true : undefined), 15_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      process.emit("SIGINT");
      expect(await follower.done).toBe(0);
      expect(parsed(follower.lines).map((event) => event.id)).toEqual(expected.map((event) => event.id));
      expect(follower.err).toEqual([]);
    },
  );
});
