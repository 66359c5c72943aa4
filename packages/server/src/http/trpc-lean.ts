import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type TRPCError,
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  transformTRPCResponse,
} from "@trpc/server";
import { getHTTPStatusCode } from "@trpc/server/http";
import type { Context } from "../context";
import { appRouter } from "../routers/app";
import { type LeanCall, type Inputs, readBody, readInputs } from "./trpc-lean-input";

type ProcedureType = "query" | "mutation" | "subscription";
type CreateContext = (opts: {
  req: IncomingMessage;
  info: { connectionParams: null; signal: AbortSignal };
}) => Context | Promise<Context>;
type OnError = (opts: {
  error: TRPCError;
  path: string | undefined;
  input: unknown;
  ctx: Context | undefined;
  type: ProcedureType | "unknown";
  req: IncomingMessage;
}) => void;

const procedures = appRouter._def.procedures as unknown as Record<
  string,
  { _def: { type: ProcedureType } } | undefined
>;
const config = appRouter._def._config;
/** Procedure paths as clients send them: nothing to decode, nothing URL parsing would change. */
const PLAIN_PATHS = /^[A-Za-z0-9_.]+(,[A-Za-z0-9_.]+)*$/;

/**
 * The common tRPC calls over HTTP — a query (GET) or mutation (POST, JSON) to known procedures,
 * alone or batched, answered as one JSON document — without the fetch-style adapter's undici
 * Request, stream and signal plumbing per request (P2 in docs/targets). It keeps the adapter's
 * semantics by using tRPC's own pieces: callTRPCProcedure runs the middlewares and input parsing,
 * getTRPCErrorShape the errorFormatter, getHTTPStatusCode the status. Answers false, touching
 * nothing, for anything else (streaming batches, HEAD, unknown procedures, the wrong method, other
 * content types, connection params, encoded paths): the adapter answers those as before.
 */
export function createLeanTrpcHandler(opts: { createContext: CreateContext; onError: OnError; maxBodyBytes: number }) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const call = leanCallOf(req);
    if (!call) return false;
    // answer() settles every failure into an error answer; a throw past that must not end the server.
    answer({ ...opts, req, res, call }).catch(() => res.destroy());
    return true;
  };
}

/** What the lean path can answer, decided from the request line and headers alone. */
function leanCallOf(req: IncomingMessage): LeanCall | null {
  const method = req.method;
  if (method !== "GET" && method !== "POST") return null;
  const headers = req.headers;
  if (headers["trpc-accept"] !== undefined || headers.accept?.includes("application/jsonl")) return null;
  const contentType = headers["content-type"];
  if (method === "POST" ? !isJson(contentType) : contentType !== undefined && !isJson(contentType)) return null;
  const url = req.url ?? "";
  const query = url.indexOf("?");
  const rawPath = url.slice("/trpc/".length, query === -1 ? undefined : query);
  const search = new URLSearchParams(query === -1 ? "" : url.slice(query + 1));
  if (url.includes("#") || search.has("connectionParams") || !PLAIN_PATHS.test(rawPath)) return null;
  const isBatch = search.get("batch") === "1";
  const paths = isBatch ? rawPath.split(",") : [rawPath];
  const type = method === "GET" ? "query" : "mutation";
  if (!paths.every((path) => procedures[path]?._def.type === type)) return null;
  return { method, type, paths, isBatch, input: search.get("input") };
}

/** tRPC's test: the media type before any parameters, case-insensitively. */
function isJson(contentType: string | undefined): boolean {
  return contentType?.toLowerCase().split(";", 1)[0]?.trim() === "application/json";
}

interface Answering {
  createContext: CreateContext;
  onError: OnError;
  maxBodyBytes: number;
  req: IncomingMessage;
  res: ServerResponse;
  call: LeanCall;
}

type Outcome = { result: { data: unknown } } | { error: ReturnType<typeof getTRPCErrorShape> };

async function answer({ createContext, onError, maxBodyBytes, req, res, call }: Answering): Promise<void> {
  const signal = abortOnClose(req, res);
  const body = call.method === "POST" ? readBody(req, maxBodyBytes) : null;
  let ctx: Context | undefined;
  let inputs: Inputs | undefined;
  try {
    let ctxError: TRPCError | undefined;
    try {
      ctx = await createContext({ req, info: { connectionParams: null, signal } });
    } catch (cause) {
      ctxError = getTRPCErrorFromUnknown(cause);
    }
    const getInputs = once(async () => (inputs = await readInputs(call, body)));
    const outcomes = await Promise.all(
      call.paths.map(async (path, batchIndex): Promise<Outcome> => {
        try {
          if (ctxError) throw ctxError;
          const getRawInput = async () => (await getInputs())[batchIndex];
          const data: unknown = await callTRPCProcedure({
            router: appRouter,
            path,
            getRawInput,
            ctx,
            type: call.type,
            signal,
            batchIndex,
          });
          return { result: { data } };
        } catch (cause) {
          const error = getTRPCErrorFromUnknown(cause);
          const input = inputs?.[batchIndex];
          onError({ error, path, input, ctx, type: call.type, req });
          return { error: getTRPCErrorShape({ config, error, type: call.type, path, input, ctx }) };
        }
      }),
    );
    const json = call.isBatch ? outcomes : outcomes[0]!;
    send(res, getHTTPStatusCode(outcomes), JSON.stringify(transformTRPCResponse(config, json)));
  } catch (cause) {
    // What the adapter does with a failure outside any one call (an answer that cannot be serialised).
    const error = getTRPCErrorFromUnknown(cause);
    onError({ error, path: undefined, input: undefined, ctx, type: call.type, req });
    const shape = getTRPCErrorShape({ config, error, type: call.type, path: undefined, input: undefined, ctx });
    send(res, shape.data.httpStatus, JSON.stringify(transformTRPCResponse(config, { error: shape })));
  }
}

function send(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = status;
  res.setHeader("vary", "trpc-accept, accept");
  res.setHeader("content-type", "application/json");
  res.end(body);
}

/** Aborted when the client goes away before its answer is written (a held claim lets go). */
function abortOnClose(req: IncomingMessage, res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const onClose = () => {
    req.off("aborted", onClose);
    res.off("close", onClose);
    if (!res.writableEnded) controller.abort();
  };
  res.once("close", onClose);
  req.once("aborted", onClose);
  return controller.signal;
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= fn());
}
