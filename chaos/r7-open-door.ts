// R7: the local server is not an open door. Each trial is one probe against a real serve:
// foreign Host/Origin (HTTP and WebSocket), missing or wrong tokens, a non-loopback bind without a
// token, path traversal and argv injection corpora, and a canary secret that must not leak.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { childEnv } from "./env";
import type { ChaosFixture, ChaosPromise, TrialResult } from "./promise";
import { argvInjection, canaryNeverLeaks, pathTraversal } from "./r7-corpora";
import { type Probe, type R7Fixture, expectStatus, rawGet, subscribeWith, upgradeStatus } from "./r7-probe";
import { MAESTRO_BIN, freePort, makeHome, removeHome } from "./serve";
import { startWorld } from "./world";

const FOREIGN_HOST = "evil.example";
const FOREIGN_ORIGIN = "http://evil.example";

const foreignHostAndOrigin: Probe = async ({ world }) => {
  const { port, token } = world.serve;
  const auth = { authorization: `Bearer ${token}` };
  const checks = [
    expectStatus(
      "HTTP, foreign Host",
      (await rawGet(port, "/trpc/project.list", { ...auth, host: FOREIGN_HOST })).status,
      403,
    ),
    expectStatus(
      "HTTP, foreign Origin",
      (await rawGet(port, "/trpc/project.list", { ...auth, origin: FOREIGN_ORIGIN })).status,
      403,
    ),
    expectStatus(
      "HTTP, foreign Host on the dashboard",
      (await rawGet(port, "/", { host: `${FOREIGN_HOST}:${port}` })).status,
      403,
    ),
    expectStatus("WebSocket, foreign Host", await upgradeStatus(port, { host: `${FOREIGN_HOST}:${port}` }), 403),
    expectStatus("WebSocket, foreign Origin", await upgradeStatus(port, { origin: FOREIGN_ORIGIN }), 403),
    expectStatus("WebSocket, own Origin", await upgradeStatus(port, { origin: `http://127.0.0.1:${port}` }), 101),
  ];
  return checks.find(Boolean) ?? null;
};

const missingOrWrongToken: Probe = async ({ world }) => {
  const { port, token } = world.serve;
  const wrong = `${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}`;
  const checks = [
    expectStatus("HTTP, no token", (await rawGet(port, "/trpc/project.list")).status, 401),
    expectStatus(
      "HTTP, wrong token",
      (await rawGet(port, "/trpc/project.list", { authorization: `Bearer ${wrong}` })).status,
      401,
    ),
    expectStatus(
      "HTTP, the runner's token on an owner procedure",
      (
        await rawGet(port, "/trpc/project.list", {
          authorization: `Bearer ${readFileSync(join(world.serve.home, "runner-token"), "utf8").trim()}`,
        })
      ).status,
      403,
    ),
  ];
  const wsWrong = await subscribeWith(port, wrong);
  if (wsWrong !== "UNAUTHORIZED") checks.push(`WebSocket, wrong token: ${wsWrong}, not UNAUTHORIZED`);
  const wsRight = await subscribeWith(port, token);
  if (wsRight !== "started") checks.push(`WebSocket, the owner's token: ${wsRight}`);
  return checks.find(Boolean) ?? null;
};

/** `maestro serve --host 0.0.0.0` with no MAESTRO_TOKEN: it must exit non-zero, saying why, and never listen. */
const wideBindWithoutToken: Probe = async () => {
  const home = makeHome("r7-bind");
  const port = await freePort();
  const env = childEnv();
  delete env.MAESTRO_TOKEN;
  const child = spawn(
    process.execPath,
    [MAESTRO_BIN, "serve", "--host", "0.0.0.0", "--port", String(port), "--home", home],
    {
      stdio: ["ignore", "ignore", "pipe"],
      env,
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  removeHome(home);
  if (code === 0 || code === null) return `serve on 0.0.0.0 without a token did not refuse (exit ${code})`;
  return /refusing to listen on 0\.0\.0\.0 without a token/.test(stderr)
    ? null
    : `refused without saying why: ${stderr.slice(-300)}`;
};

const PROBES: Array<[string, Probe]> = [
  ["foreign Host and Origin", foreignHostAndOrigin],
  ["missing or wrong token", missingOrWrongToken],
  ["non-loopback bind without a token", wideBindWithoutToken],
  ["path traversal", pathTraversal],
  ["argv injection", argvInjection],
  ["canary secret", canaryNeverLeaks],
];

async function trial(index: number, fixture: ChaosFixture): Promise<TrialResult> {
  const [name, probe] = PROBES[index % PROBES.length]!;
  const failure = await probe(fixture as R7Fixture);
  return failure ? { ok: false, failure: `${name}: ${failure}` } : { ok: true };
}

export const r7OpenDoor: ChaosPromise = {
  id: "R7",
  promise: "the local server is not an open door",
  trials: { full: PROBES.length, quick: PROBES.length },
  async setup() {
    const canary = `canary-${randomBytes(12).toString("hex")}`;
    const world = await startWorld(makeHome("r7"), { CHAOS_CANARY: canary });
    return { world, canary, teardown: () => world.teardown() };
  },
  trial,
};
