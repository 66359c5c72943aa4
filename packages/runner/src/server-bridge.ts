import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { relay } from "./sandbox/socket-bridge";

export interface ServerBridge {
  /** Where agents call the server: this runner's loopback address. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * An HTTP endpoint on loopback that passes agents' API calls on to the server the runner works
 * for now (`current`), so an agent started before a move reaches the server after it. It adds
 * nothing an agent could not do over TCP: only the API path crosses, with the caller's own token.
 */
export function openServerBridge(current: () => string): Promise<ServerBridge> {
  const bridge = createServer((req, res) => {
    if (!req.url?.startsWith("/trpc/")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("this address carries only Maestro's API calls\n");
      return;
    }
    relay(new URL(current()), req, res);
  });
  return new Promise((resolve, reject) => {
    bridge.once("error", reject);
    bridge.listen(0, "127.0.0.1", () => {
      bridge.unref();
      resolve({
        url: `http://127.0.0.1:${(bridge.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((done) => {
            bridge.close(() => done());
            bridge.closeAllConnections();
          }),
      });
    });
  });
}
