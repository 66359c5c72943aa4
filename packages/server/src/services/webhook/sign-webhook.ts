import { createHmac } from "node:crypto";

/**
 * The headers that let a receiver check a delivery: `X-Maestro-Signature: sha256=<hex>`, the
 * HMAC-SHA256 of the raw body (the convention GitHub and most senders follow, so receivers' stock
 * verifiers work). The body carries the event's time (`ts`), signed with it, and each delivery its
 * id (`X-Maestro-Delivery`), so a receiver can refuse old or repeated deliveries.
 */
export function signatureHeaders(body: string, secret: string): Record<string, string> {
  return { "x-maestro-signature": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}` };
}
