// What a page costs in Chromium, read through the DevTools protocol: bytes received (answers,
// assets and WebSocket frames, per path) and the main thread's busy time.
import { readFileSync } from "node:fs";
import type { CDPSession, Page } from "playwright-core";
import { childPids, processCpuMs } from "./serve-process";

/** Every process under `pid` (children first found through /proc), this one excluded. */
function descendants(pid: number): number[] {
  const found: number[] = [];
  for (let queue = childPids(pid); queue.length > 0;) {
    const next = queue.shift()!;
    found.push(next);
    queue.push(...childPids(next));
  }
  return found;
}

/**
 * CPU time (user + system, ms) Chromium's renderer processes have used so far: what a page costs
 * whatever else runs on the machine (the main thread's busy time counts waiting for a core too).
 */
export function rendererCpuMs(): number {
  return descendants(process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "latin1").includes("--type=renderer");
      } catch {
        return false;
      }
    })
    .reduce((sum, pid) => sum + (processCpuMs(pid) || 0), 0);
}

/** Response bytes as received (headers and body, before any decoding); by URL path (tRPC: its procedures). */
export interface PageBytes {
  byPath(): Map<string, number>;
  api(): number;
  assets(): number;
  webSocket(): number;
  total(): number;
}

export interface PageWatch {
  bytes: PageBytes;
  /** Waits until no HTTP request has been in flight for `quietMs` (late answers count too). */
  quiet(quietMs: number, deadlineMs: number): Promise<void>;
  /** Main-thread time so far, ms: all tasks, scripts, layout. */
  busy(): Promise<{ task: number; script: number; layout: number }>;
  cdp: CDPSession;
}

function pathOf(url: string): string {
  const { pathname } = new URL(url);
  return pathname.startsWith("/assets/") ? "/assets/*" : pathname;
}

export async function watchPage(page: Page, { cacheDisabled }: { cacheDisabled: boolean }): Promise<PageWatch> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Performance.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled });
  const paths = new Map<string, string>();
  /** Bytes per request: what arrived so far, replaced by the final count (with headers) when it finishes. */
  const received = new Map<string, number>();
  const inFlight = new Set<string>();
  let lastChange = performance.now();
  let webSocket = 0;
  const sum = (pick: (path: string) => boolean) =>
    [...received.entries()].reduce((total, [id, size]) => total + (pick(paths.get(id) ?? "?") ? size : 0), 0);
  const isApi = (path: string) => path.startsWith("/trpc");
  const bytes: PageBytes = {
    byPath: () => {
      const byPath = new Map<string, number>([["WebSocket frames", webSocket]]);
      for (const [id, size] of received) {
        const path = paths.get(id) ?? "?";
        byPath.set(path, (byPath.get(path) ?? 0) + size);
      }
      return byPath;
    },
    api: () => sum(isApi),
    assets: () => sum((path) => !isApi(path)),
    webSocket: () => webSocket,
    total: () => sum(() => true) + webSocket,
  };
  const settle = (requestId: string) => {
    inFlight.delete(requestId);
    lastChange = performance.now();
  };
  cdp.on("Network.requestWillBeSent", (event) => {
    paths.set(event.requestId, pathOf(event.request.url));
    inFlight.add(event.requestId);
    lastChange = performance.now();
  });
  // Streamed answers report their bytes as they are read (the encoded count often only at the
  // end); one the page aborts never finishes: count what arrived, decoded if nothing else.
  const encoded = new Map<string, number>();
  const decoded = new Map<string, number>();
  const fromCache = new Set<string>();
  const recount = (requestId: string, finished?: number) => {
    if (fromCache.has(requestId)) return received.set(requestId, 0);
    const arrived = Math.max(encoded.get(requestId) ?? 0, decoded.get(requestId) ?? 0);
    received.set(requestId, Math.max(finished ?? 0, arrived));
  };
  cdp.on("Network.requestServedFromCache", (event) => fromCache.add(event.requestId));
  cdp.on("Network.responseReceived", (event) => {
    const { fromDiskCache, fromPrefetchCache, fromServiceWorker } = event.response;
    if (fromDiskCache || fromPrefetchCache || fromServiceWorker) fromCache.add(event.requestId);
  });
  cdp.on("Network.dataReceived", (event) => {
    encoded.set(event.requestId, (encoded.get(event.requestId) ?? 0) + event.encodedDataLength);
    decoded.set(event.requestId, (decoded.get(event.requestId) ?? 0) + event.dataLength);
    recount(event.requestId);
    lastChange = performance.now();
  });
  cdp.on("Network.loadingFinished", (event) => {
    recount(event.requestId, event.encodedDataLength);
    settle(event.requestId);
  });
  cdp.on("Network.loadingFailed", (event) => settle(event.requestId));
  cdp.on("Network.webSocketFrameReceived", (event) => {
    const { payloadData, opcode } = event.response;
    webSocket += Buffer.byteLength(payloadData, opcode === 1 ? "utf8" : "base64");
    lastChange = performance.now();
  });
  return {
    bytes,
    cdp,
    async quiet(quietMs, deadlineMs) {
      const until = performance.now() + deadlineMs;
      while (inFlight.size > 0 || performance.now() - lastChange < quietMs) {
        if (performance.now() > until) throw new Error(`requests still in flight after ${deadlineMs / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async busy() {
      const { metrics } = await cdp.send("Performance.getMetrics");
      const of = (name: string) => Math.round((metrics.find((metric) => metric.name === name)?.value ?? 0) * 1000);
      return { task: of("TaskDuration"), script: of("ScriptDuration"), layout: of("LayoutDuration") };
    },
  };
}

/** The heaviest paths, largest first: "autopilot.status 1,430 KiB, …". */
export function heaviest(bytes: PageBytes, count: number): string {
  return [...bytes.byPath().entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([path, size]) => `${path.replace(/^\/trpc\//, "")} ${kib(size)}`)
    .join(", ");
}

export function kib(size: number): string {
  return size < 10_240 ? `${(size / 1024).toFixed(1)} KiB` : `${(size / 1024).toFixed(0)} KiB`;
}
