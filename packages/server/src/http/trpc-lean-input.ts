import type { IncomingMessage } from "node:http";
import { TRPCError } from "@trpc/server";

/** A call the lean path answers (see trpc-lean.ts): its procedures and where its input is. */
export interface LeanCall {
  method: "GET" | "POST";
  type: "query" | "mutation";
  paths: string[];
  isBatch: boolean;
  /** The `input` query parameter (GET). */
  input: string | null;
}

/** Each call's raw input by its index in the batch (0 alone). */
export type Inputs = Record<number, unknown>;

/**
 * The request body, read from the start (as the adapter does) and capped at `maxBytes`: past it
 * the read fails with PAYLOAD_TOO_LARGE (413) and the rest is not kept.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const body = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      stop();
      reject(new TRPCError({ code: "PAYLOAD_TOO_LARGE" }));
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    const onClose = () => {
      stop();
      reject(new TRPCError({ code: "CLIENT_CLOSED_REQUEST", message: "the client closed the request" }));
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("close", onClose);
  });
  // Read only when a call asks for its input (never, when the caller is refused first).
  body.catch(() => {});
  return body;
}

/**
 * The inputs as tRPC's JSON content-type handler reads them: the body (POST) or the `input`
 * parameter (GET), by batch index; anything unreadable is BAD_REQUEST with the parser's message.
 */
export async function readInputs(call: LeanCall, body: Promise<Buffer> | null): Promise<Inputs> {
  let inputs: unknown;
  try {
    if (body) inputs = JSON.parse(withoutBom((await body).toString("utf8")));
    else if (call.input) inputs = JSON.parse(call.input);
  } catch (cause) {
    if (cause instanceof TRPCError) throw cause;
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: cause instanceof Error ? cause.message : "Invalid input",
      cause,
    });
  }
  if (inputs === undefined) return {};
  if (!call.isBatch) return { 0: inputs };
  if (typeof inputs !== "object" || inputs === null || Array.isArray(inputs)) {
    throw new TRPCError({ code: "BAD_REQUEST", message: '"input" needs to be an object when doing a batch call' });
  }
  const byIndex = inputs as Record<string, unknown>;
  const result: Inputs = {};
  call.paths.forEach((_path, index) => {
    if (byIndex[index] !== undefined) result[index] = byIndex[index];
  });
  return result;
}

/** Fetch's body.json() decodes UTF-8 without a leading byte order mark. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
