import type { IncomingMessage } from "node:http";

export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a small JSON body, refusing (413) past `maxBytes` before buffering the rest. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = req.headers["content-type"] ?? "";
  // A JSON content type cannot be sent cross-site without a preflight, which the server never grants.
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new BodyError(415, "the request body must be JSON (content-type: application/json)");
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyError(413, `the request body must be at most ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  } catch {
    throw new BodyError(400, "the request body is not valid JSON");
  }
}
