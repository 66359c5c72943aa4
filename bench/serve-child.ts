// Runs a Maestro server in its own process, so benchmark clients never share the server's event
// loop. Prints where it listens as JSON; on a "stamps" line on stdin prints when each task.updated
// event (by its task's title) was published on the bus (hrtime, ms: see stamps.ts).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { startServer } from "@maestro/server";
import { benchEnv } from "./env";
import { nowMs } from "./stamps";

const home = benchEnv.home ?? mkdtempSync(join(tmpdir(), "maestro-bench-"));
const server = await startServer({
  home,
  host: "127.0.0.1",
  port: 0,
  log: () => {},
  ...(benchEnv.databaseUrl ? { databaseUrl: benchEnv.databaseUrl } : {}),
  ...(benchEnv.token ? { token: benchEnv.token } : {}),
  ...(benchEnv.runnerToken ? { runnerToken: benchEnv.runnerToken } : {}),
});
const stamps: Record<string, number> = {};
// Reactions hear an event right after the subscriptions' queues took it, before any is sent.
server.events.onEvent((event) => {
  if (event.kind === "task.updated") stamps[event.payload.task.title] = nowMs();
});
createInterface({ input: process.stdin }).on("line", (line) => {
  if (line === "stamps") console.log(JSON.stringify(stamps));
});
console.log(JSON.stringify({ url: server.url, token: server.token, pid: process.pid }));
process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
