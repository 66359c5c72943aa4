// R7's corpora: path traversal, argv injection, and a canary secret that must not leak.
import { mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TRPCClientError } from "@trpc/client";
import { type Probe, rawGet } from "./r7-probe";
import type { Client } from "./serve";
import { PROJECT_KEY, addAgent, fixturePath, runOnce, storedLog, waitForEnd } from "./world";

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
export const pathTraversal: Probe = async ({ world }) => {
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

export const argvInjection: Probe = async ({ world }) => {
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
export const canaryNeverLeaks: Probe = async ({ world, canary }) => {
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
