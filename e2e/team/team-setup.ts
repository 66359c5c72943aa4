import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { request } from "@playwright/test";
import { serversFile, signedInState, teamEnv } from "./team-env";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const cliMain = join(repoRoot, "packages", "cli", "src", "main.ts");
const clusterMain = fileURLToPath(new URL("pg-cluster-process.ts", import.meta.url));
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

/**
 * A throw-away PostgreSQL cluster and two `maestro serve` processes on one database of it (same
 * owner and runner tokens, a home and a port each, each with its embedded runner), started one
 * after the other (the first migrates the database); every page starts signed in to both.
 * Answers the teardown: both servers stopped as a supervisor would (SIGTERM), then the cluster.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const env = teamEnv();
  if (!existsSync(join(repoRoot, "apps", "dashboard", "dist", "index.html"))) {
    throw new Error(
      "the dashboard is not built: run `cd apps/dashboard && pnpm exec vite build` (or `pnpm build`) first",
    );
  }
  const servers: ChildProcess[] = [];
  let cluster: ChildProcess | undefined;
  const teardown = async () => {
    for (const server of servers.reverse()) await stopProcess(server, true);
    if (cluster) await stopProcess(cluster, false);
  };
  try {
    cluster = spawn(process.execPath, ["--import", "tsx", clusterMain], {
      cwd: repoRoot,
      stdio: ["pipe", "pipe", "inherit"],
    });
    const databaseUrl = await clusterUrl(cluster);
    for (const instance of env.instances) {
      // A server already there would answer the health check in this one's place.
      if (await isAnswering(instance.url)) throw new Error(`something already listens on ${instance.url}`);
      const server = spawn(
        process.execPath,
        ["--import", "tsx", cliMain, "serve", "--port", String(instance.port), "--home", instance.home],
        {
          cwd: repoRoot,
          detached: true,
          stdio: ["ignore", "pipe", "pipe"],
          env: {
            ...process.env,
            MAESTRO_DATABASE_URL: databaseUrl,
            MAESTRO_TOKEN: env.token,
            MAESTRO_RUNNER_TOKEN: env.runnerToken,
          },
        },
      );
      servers.push(server);
      const log = createWriteStream(join(env.dir, `server-${instance.port}.log`));
      server.stdout?.pipe(log);
      server.stderr?.pipe(log);
      await waitUntilHealthy(instance.url, server, join(env.dir, `server-${instance.port}.log`));
    }
    writeFileSync(serversFile(), JSON.stringify({ pids: servers.map((s) => s.pid) }));
    await signIn(
      env.instances.map((i) => i.url),
      env.token,
    );
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

async function waitUntilHealthy(url: string, server: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`maestro serve at ${url} exited before it was ready:\n${readFileSync(logFile, "utf8")}`);
    }
    if (await isAnswering(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `maestro serve at ${url} was not healthy within ${READY_TIMEOUT_MS / 1000} s:\n${readFileSync(logFile, "utf8")}`,
  );
}

async function isAnswering(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`)).ok;
  } catch {
    return false;
  }
}

/** Signs in to each instance with the owner token (its cookie is named after its port): one browser state. */
async function signIn(urls: string[], token: string): Promise<void> {
  const context = await request.newContext();
  for (const url of urls) {
    const response = await context.post(`${url}/auth/signin`, { data: { token } });
    if (response.status() !== 204) {
      throw new Error(`sign-in at ${url} failed: ${response.status()} ${await response.text()}`);
    }
  }
  await context.storageState({ path: signedInState() });
  await context.dispose();
}

/** The cluster process's one line: the database's URL (or why it could not start). */
function clusterUrl(cluster: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error("PostgreSQL did not start within 60 s")), READY_TIMEOUT_MS);
    cluster.stdout?.on("data", (data: Buffer) => {
      output += data.toString();
      if (!output.includes("\n")) return;
      clearTimeout(timer);
      resolve((JSON.parse(output.split("\n")[0]!) as { databaseUrl: string }).databaseUrl);
    });
    cluster.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the PostgreSQL cluster process exited (${signal ?? `code ${code}`}) before it was ready`));
    });
  });
}

/**
 * SIGTERM first (a server's runner stops its agents, the cluster process stops PostgreSQL); what
 * is still there after STOP_TIMEOUT_MS is killed, a server with its process group (runner, agents).
 */
async function stopProcess(child: ChildProcess, isGroup: boolean): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<"exited">((resolve) => child.once("exit", () => resolve("exited")));
  child.kill("SIGTERM");
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), STOP_TIMEOUT_MS)));
  const outcome = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    try {
      process.kill(isGroup ? -child.pid : child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}
