import { rmSync } from "node:fs";
import { type IncomingMessage, type ServerResponse, createServer, request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

export interface SocketBridge {
  close(): Promise<void>;
}

/** Longest path a Unix socket can be bound at (sun_path is 108 bytes on Linux, NUL included). */
export const MAX_SOCKET_PATH = 107;

/** Passes one request on to the server at `server`, as it came (but its Host), and its answer back. */
export function relay(server: URL, req: IncomingMessage, res: ServerResponse): void {
  const send = server.protocol === "https:" ? httpsRequest : httpRequest;
  const headers = { ...req.headers, host: server.host };
  delete headers.connection;
  const upstream = send(new URL(req.url ?? "/", server), { method: req.method, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on("error", (error) => {
    if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
    res.end(`could not reach Maestro: ${error.message}\n`);
  });
  req.pipe(upstream);
}

/**
 * Passes one request on to the server. Only this session's own calls cross: the API path, with
 * the session's token (the agent gains nothing through the socket it could not do over TCP).
 */
function forward(server: URL, authorization: string, req: IncomingMessage, res: ServerResponse): void {
  if (!req.url?.startsWith("/trpc/") || req.headers.authorization !== authorization) {
    res.writeHead(req.url?.startsWith("/trpc/") ? 401 : 404, { "content-type": "text/plain" });
    res.end("this socket carries only the session's own API calls, with its token\n");
    return;
  }
  relay(server, req, res);
}

/**
 * An HTTP endpoint on a Unix socket that forwards to Maestro: a sandboxed agent without network
 * (its loopback is its own) reaches the server through this file, bound into its sandbox.
 */
export function openSocketBridge({
  socketPath,
  serverUrl,
  token,
}: {
  socketPath: string;
  serverUrl: string;
  token: string;
}): Promise<SocketBridge> {
  if (socketPath.length > MAX_SOCKET_PATH) {
    return Promise.reject(
      new Error(`the socket path ${socketPath} is too long for a Unix socket: use a shorter MAESTRO_HOME`),
    );
  }
  const server = new URL(serverUrl);
  const bridge = createServer((req, res) => forward(server, `Bearer ${token}`, req, res));
  rmSync(socketPath, { force: true });
  return new Promise((resolve, reject) => {
    bridge.once("error", reject);
    bridge.listen(socketPath, () => {
      bridge.unref();
      resolve({
        close: () =>
          new Promise<void>((done) => {
            bridge.close(() => done());
            bridge.closeAllConnections();
          }),
      });
    });
  });
}
