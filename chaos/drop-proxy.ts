// A TCP proxy in front of the server that can cut every connection through it at once, as a
// network drop does: bytes in flight either way are lost, and both ends see the socket die.
import { type Server, type Socket, connect, createServer } from "node:net";
import { freePort } from "./serve";

export interface DropProxy {
  port: number;
  /** Connections cut so far. */
  drops: number;
  /** Destroys every connection open through the proxy now. */
  dropAll(): number;
  close(): Promise<void>;
}

/** Listens on a free loopback port and forwards each connection to `targetPort`. */
export async function startDropProxy(targetPort: number, port?: number): Promise<DropProxy> {
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, "127.0.0.1");
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      // A cut connection errors on the other side (ECONNRESET, EPIPE): that is the point.
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const listenPort = port ?? (await freePort());
  await new Promise<void>((resolve) => server.listen(listenPort, "127.0.0.1", resolve));
  const proxy: DropProxy = {
    port: listenPort,
    drops: 0,
    dropAll() {
      const cut = open.size;
      for (const socket of open) socket.resetAndDestroy();
      proxy.drops += cut > 0 ? 1 : 0;
      return cut;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return proxy;
}
