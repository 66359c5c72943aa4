import { createHmac } from "node:crypto";

/**
 * The headers that let a receiver check a delivery: HMAC-SHA256 over `<timestamp>.<raw body>`
 * (the timestamp bound in, so an old delivery cannot be replayed as new).
 */
export function signatureHeaders(body: string, secret: string, now = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  const hex = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return { "x-maestro-timestamp": timestamp, "x-maestro-signature": `sha256=${hex}` };
}
