// P2's physical baseline (bench/p2-writes.ts): a plain node:http server that inserts a task row
// per POST into SQLite with the same durability as Maestro (WAL, synchronous=FULL, one commit
// per request) and answers it as JSON; no framework, no validation library, no events. It lives
// in packages/db because only this package may load the driver. Usage: node plain-sqlite-server.mjs <db file>
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import Database from "better-sqlite3";

const MAX_BODY_BYTES = 2 * 1024 * 1024;
const sqlite = new Database(process.argv[2] ?? ":memory:");
sqlite.pragma("journal_mode = WAL");
sqlite.pragma("synchronous = FULL");
sqlite.exec(`CREATE TABLE IF NOT EXISTS tasks (
  id TEXT PRIMARY KEY, project_id TEXT NOT NULL, title TEXT NOT NULL, status TEXT NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`);
const insert = sqlite.prepare(
  "INSERT INTO tasks (id, project_id, title, status, created_at, updated_at) VALUES (?, ?, ?, 'todo', ?, ?)",
);

function answer(res, status, json) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
}

const server = createServer((req, res) => {
  const chunks = [];
  let size = 0;
  req.on("data", (chunk) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  req.on("end", () => {
    if (size > MAX_BODY_BYTES) return answer(res, 413, { error: "too large" });
    let input;
    try {
      input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return answer(res, 400, { error: "bad JSON" });
    }
    if (typeof input?.projectId !== "string" || typeof input.title !== "string") {
      return answer(res, 400, { error: "projectId and title are required" });
    }
    const now = Date.now();
    const task = { id: randomUUID(), projectId: input.projectId, title: input.title, status: "todo" };
    insert.run(task.id, task.projectId, task.title, now, now);
    answer(res, 200, { result: { data: { ...task, createdAt: new Date(now).toISOString() } } });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` }));
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
