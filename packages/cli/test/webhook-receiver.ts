// A real HTTP receiver on loopback for webhook tests: it records each request and answers as told.
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  headers: IncomingMessage["headers"];
  body: string;
}

/** What the receiver does with the next request: answer with a status, or never answer. */
export type Reply = number | "hang";

export interface WebhookReceiver {
  url: string;
  received: ReceivedRequest[];
  /** Replies for the next requests, in order; once used up, it answers 200. */
  replies: Reply[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const replies: Reply[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const reply = replies.shift() ?? 200;
      if (reply === "hang") return void hanging.push(res);
      res.writeHead(reply, { "content-type": "text/plain" }).end(reply < 300 ? "ok" : "receiver says no");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    replies,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
