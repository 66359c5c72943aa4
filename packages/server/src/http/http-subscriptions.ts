import type { ServerResponse } from "node:http";
import { appRouter } from "../routers/app";

type ProcedureTable = Record<string, { _def: { type: string } } | undefined>;

/**
 * The subscription an HTTP request to `/trpc/<path>` names, if any (a batch names several,
 * comma-separated). Subscriptions are served over the WebSocket only, where each connection's
 * subscriptions are capped; tRPC would otherwise hold them open as server-sent events.
 */
export function subscriptionNamedBy(url: string): string | null {
  const rawPaths = url.slice("/trpc/".length).split("?")[0] ?? "";
  let paths: string[];
  try {
    paths = decodeURIComponent(rawPaths).split(",");
  } catch {
    return null; // tRPC answers a malformed path itself
  }
  const procedures = appRouter._def.procedures as unknown as ProcedureTable;
  return paths.find((path) => procedures[path]?._def.type === "subscription") ?? null;
}

/** 405 at once, in tRPC's error shape, so no HTTP request is ever held open as a stream. */
export function refuseHttpSubscription(res: ServerResponse, path: string): void {
  const message = `${path} is a subscription: subscribe over the WebSocket (/trpc), not HTTP`;
  const body = { error: { message, code: -32005, data: { code: "METHOD_NOT_SUPPORTED", httpStatus: 405, path } } };
  res.writeHead(405, { "content-type": "application/json", connection: "close" }).end(JSON.stringify(body));
}
