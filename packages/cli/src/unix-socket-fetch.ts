import { request } from "node:http";

/** `unix:/path/to/socket`: the address a sandboxed agent without network reaches Maestro at. */
export function socketPathOf(url: string): string | null {
  return url.startsWith("unix:") ? url.slice("unix:".length) : null;
}

/**
 * A `fetch` over a Unix socket, for tRPC's httpLink (Node's own fetch has no socket option).
 * It buffers the answer: the CLI's calls are small request/response pairs.
 */
export function unixSocketFetch(socketPath: string): typeof fetch {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const headers = Object.fromEntries(new Headers(init?.headers).entries());
      const req = request(
        {
          socketPath,
          path: url.pathname + url.search,
          method: init?.method ?? "GET",
          headers,
          signal: init?.signal ?? undefined,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("end", () => {
            const answer = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              for (const each of [value ?? []].flat()) answer.append(name, each);
            }
            resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 502, headers: answer }));
          });
        },
      );
      req.on("error", reject);
      req.end(typeof init?.body === "string" ? init.body : undefined);
    });
}
