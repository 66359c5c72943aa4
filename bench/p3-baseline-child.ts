// P3's same-work baseline, in its own process: a plain node:http server that does what Maestro's
// task.update does at its core (one durable SQLite transaction, WAL and synchronous=FULL: the
// task row rewritten and an event row appended) and then broadcasts the event's JSON with a bare
// `ws` server to every socket: no validation, no tRPC, no subscriptions. Prints its port as JSON;
// on a "stamps" line on stdin prints when each title's broadcast began (hrtime, ms).
import { createServer } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
// The baseline is the bare driver Maestro is measured against, so it may not go through packages/db.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import Sqlite from "better-sqlite3";
import { WebSocketServer } from "ws";
import { nowMs } from "./stamps";

const home = mkdtempSync(join(tmpdir(), "maestro-bench-p3-baseline-"));
const sqlite = new Sqlite(join(home, "baseline.db"));
sqlite.pragma("journal_mode = WAL");
sqlite.pragma("synchronous = FULL");
sqlite.exec(`CREATE TABLE task (id TEXT PRIMARY KEY, body TEXT NOT NULL);
  CREATE TABLE event (id INTEGER PRIMARY KEY AUTOINCREMENT, entity_id TEXT NOT NULL, payload TEXT NOT NULL)`);
const putTask = sqlite.prepare("INSERT OR REPLACE INTO task (id, body) VALUES (?, ?)");
const getTask = sqlite.prepare<[string], { body: string }>("SELECT body FROM task WHERE id = ?");
const appendEvent = sqlite.prepare("INSERT INTO event (entity_id, payload) VALUES (?, ?)");

type Task = { id: string; projectId: string; title: string; version: number; updatedAt: number };

/** The task with its new title, and its event, committed together; the event's JSON is returned. */
const updateTask = sqlite.transaction((id: string, title: string): { task: Task; event: string } => {
  const row = getTask.get(id);
  if (!row) throw new Error(`no task ${id}`);
  const old = JSON.parse(row.body) as Task;
  const task = { ...old, title, version: old.version + 1, updatedAt: Date.now() };
  putTask.run(id, JSON.stringify(task));
  const payload = {
    ...{ projectId: task.projectId, actor: "owner", ts: task.updatedAt },
    ...{ kind: "task.updated", entity: "task", entityId: id, payload: { task } },
  };
  const { lastInsertRowid } = appendEvent.run(id, JSON.stringify(payload));
  return { task, event: JSON.stringify({ id: String(lastInsertRowid), ...payload }) };
});

const wss = new WebSocketServer({ noServer: true });
const stamps: Record<string, number> = {};

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Task;
      if (req.url === "/seed") putTask.run(body.id, JSON.stringify(body));
      const result = req.url === "/seed" ? { task: body, event: undefined } : updateTask.immediate(body.id, body.title);
      if (result.event) {
        stamps[body.title] = nowMs();
        for (const socket of wss.clients) socket.send(result.event);
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result.task));
    } catch (error) {
      res.writeHead(400, { "content-type": "text/plain" }).end(String(error));
    }
  });
});
server.on("upgrade", (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws)));
server.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ port: (server.address() as { port: number }).port, pid: process.pid }));
});
createInterface({ input: process.stdin }).on("line", (line) => {
  if (line === "stamps") console.log(JSON.stringify(stamps));
});
process.once("SIGTERM", () => {
  for (const socket of wss.clients) socket.terminate();
  server.close(() => {
    sqlite.close();
    rmSync(home, { recursive: true, force: true });
    process.exit(0);
  });
});
