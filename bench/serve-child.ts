// Runs a Maestro server (and a raw `ws` broadcast server as the physical baseline) in its own
// process, so benchmark clients never share the server's event loop. Prints its ports as JSON.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "@maestro/server";
import { WebSocketServer } from "ws";
import { benchEnv } from "./env";

const home = benchEnv.home ?? mkdtempSync(join(tmpdir(), "maestro-bench-"));
const server = await startServer({ home, host: "127.0.0.1", port: 0, log: () => {} });
const raw = new WebSocketServer({ host: "127.0.0.1", port: 0 });
raw.on("connection", (socket) => {
  socket.on("message", (data) => {
    for (const client of raw.clients) client.send(data.toString());
  });
});
await new Promise((resolve) => raw.once("listening", resolve));
const rawPort = (raw.address() as { port: number }).port;
console.log(JSON.stringify({ url: server.url, token: server.token, rawPort }));
process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
