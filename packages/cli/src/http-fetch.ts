import { type IncomingMessage, type RequestOptions, request as httpRequest } from "node:http";

/**
 * A `fetch` for tRPC's httpLink over node:http. Node 20's own fetch loads undici on first use:
 * ~40 MiB and ~60 ms of a short CLI command (docs/architecture.md, "The CLI starts fast"). It
 * answers only what httpLink reads (status, headers, json, text) and buffers the body: the CLI's
 * calls are small request/response pairs. `Headers`, `Request` and `Response` are not touched,
 * since any of them loads undici too.
 */
export function nodeHttpFetch(target: { socketPath?: string } = {}): typeof fetch {
  return (async (input: string | URL | { url: string }, init?: RequestInit) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    const options: RequestOptions = {
      method: init?.method ?? "GET",
      headers: plainHeaders(init?.headers),
      signal: init?.signal ?? undefined,
      ...(target.socketPath
        ? { socketPath: target.socketPath, path: url.pathname + url.search }
        : { hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"), port: url.port, path: url.pathname + url.search }),
    };
    // TLS loads only for an https server.
    const request =
      url.protocol === "https:" && !target.socketPath ? (await import("node:https")).request : httpRequest;
    const body = init?.body;
    if (body !== undefined && body !== null && typeof body !== "string") {
      throw new TypeError("nodeHttpFetch sends string bodies only");
    }
    return new Promise((resolve, reject) => {
      const req = request(options, (res) => {
        readAnswer(res).then(resolve, reject);
      });
      req.on("error", reject);
      req.end(body ?? undefined);
    });
  }) as typeof fetch;
}

function plainHeaders(headers: RequestInit["headers"]): Record<string, string> {
  if (!headers) return {};
  if (Symbol.iterator in headers) return Object.fromEntries(headers as Iterable<[string, string]>);
  return { ...(headers as Record<string, string>) };
}

/** The few members of a fetch Response that tRPC's httpLink and the CLI read. */
function readAnswer(res: IncomingMessage): Promise<Response> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on("data", (chunk: Buffer) => chunks.push(chunk));
    res.on("error", reject);
    res.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const status = res.statusCode ?? 502;
      const header = (name: string) => {
        const value = res.headers[name.toLowerCase()];
        return value === undefined ? null : [value].flat().join(", ");
      };
      const answer = {
        status,
        statusText: res.statusMessage ?? "",
        ok: status >= 200 && status < 300,
        url: "",
        headers: { get: header, has: (name: string) => header(name) !== null },
        text: async () => text,
        json: async () => JSON.parse(text) as unknown,
      };
      resolve(answer as unknown as Response);
    });
  });
}
