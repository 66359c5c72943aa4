import { createReadStream, existsSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Maestro</title>
<p>The dashboard is not built yet. Run <code>pnpm build</code> (or <code>npm start</code>) and reload.</p>`;

/**
 * The decoded path, or the status refusing it. `..` segments (raw or percent-encoded) are refused
 * here, before the URL parser silently folds them away and a traversal gets the SPA shell.
 */
function requestPath(url: string): { pathname: string } | { status: 400 | 403 } {
  try {
    const raw = decodeURIComponent(url.split("?", 1)[0] ?? "/");
    if (raw.split(/[\\/]/).includes("..")) return { status: 403 };
    return { pathname: decodeURIComponent(new URL(url, "http://x").pathname) };
  } catch {
    return { status: 400 };
  }
}

/**
 * Serves the built dashboard: real files when they exist, index.html for client-side routes.
 * Paths are resolved and must stay inside `root`.
 */
export function createStaticHandler(root: string | undefined) {
  const base = root ? resolve(root) : undefined;
  return function serveStatic(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const index = base && join(base, "index.html");
    if (!base || !index || !existsSync(index)) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(NOT_BUILT);
      return;
    }
    const requested = requestPath(req.url ?? "/");
    if ("status" in requested) {
      res.writeHead(requested.status).end(requested.status === 403 ? "forbidden" : "bad path");
      return;
    }
    const { pathname } = requested;
    const candidate = resolve(base, `.${normalize(pathname)}`);
    if (candidate !== base && !candidate.startsWith(base + sep)) {
      res.writeHead(403).end("forbidden");
      return;
    }
    const isFile = existsSync(candidate) && statSync(candidate).isFile();
    if (!isFile && extname(pathname)) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const file = isFile ? candidate : index;
    const type = CONTENT_TYPES[extname(file)] ?? "application/octet-stream";
    const cache = file.includes(`${sep}assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache";
    res.writeHead(200, { "content-type": type, "cache-control": cache });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  };
}
