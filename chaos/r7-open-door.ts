// R7: the local server is not an open door. Each trial is one probe against a real serve:
// foreign Host/Origin (HTTP and WebSocket), missing or wrong tokens, a non-loopback bind without a
// token, path traversal and argv injection corpora, and a canary secret that must not leak.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { TRPCClientError } from "@trpc/client";
import { WebSocket } from "ws";
import { childEnv } from "./env";
import type { ChaosFixture, ChaosPromise, TrialResult } from "./promise";
import { type Client, MAESTRO_BIN, freePort, makeHome, removeHome } from "./serve";
import { PROJECT_KEY, type World, addAgent, fixturePath, runOnce, startWorld, storedLog, waitForEnd } from "./world";

interface R7Fixture extends ChaosFixture {
  world: World;
  canary: string;
}

/** A probe: null when the door held, else what got through. */
type Probe = (fixture: R7Fixture) => Promise<string | null>;

const FOREIGN_HOST = "evil.example";
const FOREIGN_ORIGIN = "http://evil.example";

/** One raw HTTP request, with whatever Host and headers the probe wants; its status and body. */
function rawGet(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The HTTP status a WebSocket upgrade is answered with (101 when it was accepted). */
function upgradeStatus(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/trpc`, { headers });
    socket.once("open", () => (socket.terminate(), resolve(101)));
    socket.once("unexpected-response", (_req, res) => (socket.terminate(), resolve(res.statusCode ?? 0)));
    socket.once("error", () => resolve(0));
  });
}

const expectStatus = (what: string, status: number, expected: number) =>
  status === expected ? null : `${what}: answered ${status}, not ${expected}`;

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

/** The tRPC error code a WebSocket subscription with `token` gets (or "started"). */
function subscribeWith(port: number, token: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/trpc?connectionParams=1`);
    socket.once("open", () => {
      socket.send(JSON.stringify({ method: "connectionParams", data: { token } }));
      socket.send(JSON.stringify({ id: 1, method: "subscription", params: { path: "event.onEvent", input: {} } }));
    });
    socket.on("message", (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { error?: { data?: { code?: string } }; result?: unknown };
      socket.terminate();
      resolve(message.error?.data?.code ?? "started");
    });
    socket.once("close", () => resolve("closed"));
  });
}

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

/** The tRPC code of a call, or "ok". */
async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "ok";
  } catch (error) {
    const data = error instanceof TRPCClientError ? (error.data as { code?: string } | undefined) : undefined;
    return data?.code ?? String(error);
  }
}

const TRAVERSALS = [
  "../../../../etc/passwd",
  "../secret.md",
  "/etc/passwd",
  "a/../../secret.md",
  "..",
  "x\u0000.md",
  "..\\..\\secret.md",
  "%2e%2e%2fsecret.md",
];

/** Steering and spec names, project folders and the dashboard's files: nothing outside the project is read or written. */
const pathTraversal: Probe = async ({ world }) => {
  const { client, rootDir } = world;
  const secret = join(rootDir, "..", "secret.md");
  writeFileSync(secret, "outside the project\n");
  mkdirSync(join(rootDir, ".maestro", "steering"), { recursive: true });
  symlinkSync(secret, join(rootDir, ".maestro", "steering", "linked.md"));
  for (const name of [...TRAVERSALS, "linked.md"]) {
    const read = await client.steering.read.query({ projectId: PROJECT_KEY, name }).catch(() => undefined);
    if (read && JSON.stringify(read).includes("outside the project")) {
      return `steering.read "${name}" read outside the project`;
    }
    const wrote = await codeOf(client.steering.write.mutate({ projectId: PROJECT_KEY, name, text: "# pwned\n" }));
    if (wrote === "ok" && readFileSync(secret, "utf8").includes("pwned")) {
      return `steering.write "${name}" wrote outside the project`;
    }
    if (wrote === "ok" && name !== "linked.md") return `steering.write "${name}" was accepted`;
    const spec = await codeOf(client.spec.create.mutate({ projectId: PROJECT_KEY, name: "x", slug: name }));
    if (spec === "ok") return `spec.create slug "${name}" was accepted`;
  }
  for (const rootDir of ["relative/dir", "../../etc", "", "/tmp/x\u0000y"]) {
    const code = await codeOf(client.project.create.mutate({ name: "Traversal", rootDir }));
    if (code !== "BAD_REQUEST") return `project.create rootDir "${rootDir}": ${code}, not BAD_REQUEST`;
  }
  for (const path of ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd"]) {
    const { body } = await rawGet(world.serve.port, path);
    if (body.includes("root:")) return `the dashboard served /etc/passwd for ${path}`;
  }
  return null;
};

/** Shell and option syntax that must reach an agent as plain words, or be refused where git would see it. */
const ARGV_CORPUS = [
  "; touch pwned-semicolon",
  "$(touch pwned-subshell)",
  "`touch pwned-backtick`",
  "| touch pwned-pipe",
  "&& touch pwned-and",
  "--exec=touch pwned-option",
  "-rf",
  "$HOME",
  "*",
  "a\nb",
];

const argvInjection: Probe = async ({ world }) => {
  const { client, rootDir } = world;
  await addAgent(client, "argv", [fixturePath("argv-agent.sh"), ...ARGV_CORPUS]);
  const session = await runOnce(client, "argv", "print my arguments");
  const ended = await waitForEnd(client, session.id, 30_000);
  const printed = (await storedLog(client, session.id)).map((chunk) => chunk.text).join("");
  const expected = ARGV_CORPUS.map((arg) => `[${arg}]\n`).join("");
  if (ended.status !== "succeeded" || !printed.includes(expected)) {
    return `the agent was not given its arguments verbatim: ${printed.slice(0, 300)}`;
  }
  const pwned = [rootDir, world.serve.home]
    .flatMap((dir) => readdirSync(dir))
    .filter((name) => name.startsWith("pwned"));
  if (pwned.length) return `a shell ran part of an argument: ${pwned.join(", ")}`;
  for (const targetBranch of [
    "--upload-pack=touch pwned",
    "-f",
    "main; touch pwned",
    "$(touch pwned)",
    "a..b",
    "refs/../x",
  ]) {
    const code = await codeOf(client.project.update.mutate({ id: PROJECT_KEY, settings: { targetBranch } }));
    if (code !== "BAD_REQUEST") return `project targetBranch "${targetBranch}": ${code}, not BAD_REQUEST`;
  }
  return null;
};

/** Files under `dir` (the owner's and runner's token files aside) whose bytes hold `secret`. */
function filesHolding(dir: string, secret: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) found.push(...filesHolding(path, secret));
    else if (stat.isFile() && name !== "token" && name !== "runner-token" && readFileSync(path).includes(secret)) {
      found.push(path);
    }
  }
  return found;
}

async function allEventsText(client: Client): Promise<string> {
  let text = "";
  let cursor: string | null = null;
  do {
    const page: { items: unknown[]; nextCursor: string | null } = await client.event.list.query({ cursor, limit: 500 });
    text += JSON.stringify(page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return text;
}

/**
 * A secret in the server's environment, passed to agents by their profile's allowlist: stored
 * nowhere (database, logs, session folders) and never in the server's own log. An agent that
 * prints it owns that output: it is in that session's log and nowhere else.
 */
const canaryNeverLeaks: Probe = async ({ world, canary }) => {
  const { client, serve } = world;
  await addAgent(client, "quiet", [fixturePath("env-agent.sh"), "CHAOS_CANARY", "quiet"], ["CHAOS_CANARY"]);
  await addAgent(client, "loud", [fixturePath("env-agent.sh"), "CHAOS_CANARY", "print"], ["CHAOS_CANARY"]);
  const quiet = await waitForEnd(client, (await runOnce(client, "quiet", "keep the secret")).id, 30_000);
  if (quiet.status !== "succeeded") return `the quiet agent ${quiet.status}: ${quiet.error}`;
  const stored = [...filesHolding(serve.home, canary), ...filesHolding(serve.home, serve.token)];
  if (stored.length) return `a secret was stored in ${stored.join(", ")}`;
  const loud = await waitForEnd(client, (await runOnce(client, "loud", "print the secret")).id, 30_000);
  const loudLog = (await storedLog(client, loud.id)).map((chunk) => chunk.text).join("");
  if (!loudLog.includes(`canary: ${canary}`)) {
    return `the allowlisted secret did not reach the agent: ${loudLog.slice(0, 200)}`;
  }
  const elsewhere = {
    "the server's log": serve.stderr(),
    "the quiet session's log": (await storedLog(client, quiet.id)).map((chunk) => chunk.text).join(""),
    "a session manifest": JSON.stringify([
      await client.session.manifest.query({ id: quiet.id }),
      await client.session.manifest.query({ id: loud.id }),
    ]),
    "the sessions": JSON.stringify(await client.session.list.query({ projectId: PROJECT_KEY })),
    "the events": await allEventsText(client),
  };
  const leaked = Object.entries(elsewhere).find(([, text]) => text.includes(canary) || text.includes(serve.token));
  return leaked ? `a secret appeared in ${leaked[0]}` : null;
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
