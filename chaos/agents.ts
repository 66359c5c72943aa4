// Fake agents for the trials with live sessions: a profile running fixtures/agent.sh, the starts
// it records, and every process still carrying one of the trial's session ids.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LIVE_SESSION_STATUSES, type Session } from "@maestro/domain";
import type { Client } from "./serve";

const AGENT_SCRIPT = fileURLToPath(new URL("./fixtures/agent.sh", import.meta.url));

/** Adds (once) the profile `name` whose agent records its starts in `startsFile`. */
export async function addFakeAgent(client: Client, name: string, startsFile: string): Promise<void> {
  await client.agent.add.mutate({ name, adapter: "custom", command: ["sh", AGENT_SCRIPT, startsFile] });
}

/** Creates `count` tasks and starts a session of `agent` on each; resolves with the sessions. */
export async function startSessions(
  client: Client,
  options: { projectId: string; agent: string; count: number },
): Promise<Session[]> {
  const sessions: Session[] = [];
  for (let i = 0; i < options.count; i++) {
    const task = await client.task.create.mutate({ projectId: options.projectId, title: `live ${i}` });
    sessions.push(await client.session.start.mutate({ taskIds: [task.id], agent: options.agent }));
  }
  return sessions;
}

/** How many times each session's agent started, from the fixture's file. */
export function startsPerSession(startsFile: string): Map<string, number> {
  const starts = new Map<string, number>();
  if (!existsSync(startsFile)) return starts;
  for (const line of readFileSync(startsFile, "utf8").split("\n").filter(Boolean)) {
    const [sessionId = ""] = line.split(" ");
    starts.set(sessionId, (starts.get(sessionId) ?? 0) + 1);
  }
  return starts;
}

function isZombie(pid: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return ["Z", "X"].includes(stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3));
  } catch {
    return true;
  }
}

/**
 * Processes alive (not zombies: a killed orphan re-parented to init may wait to be reaped) that
 * carry MAESTRO_SESSION_ID of one of `sessionIds`: an agent, its children, anything they started.
 */
export function liveProcessesOf(sessionIds: Iterable<string>): Map<string, number[]> {
  const wanted = new Map([...sessionIds].map((id) => [`MAESTRO_SESSION_ID=${id}`, id]));
  const found = new Map<string, number[]>();
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    let environ: string;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, "latin1");
    } catch {
      continue;
    }
    const sessionId = environ
      .split("\0")
      .map((entry) => wanted.get(entry))
      .find(Boolean);
    if (sessionId && !isZombie(pid)) found.set(sessionId, [...(found.get(sessionId) ?? []), Number(pid)]);
  }
  return found;
}

/** Kills whatever is left of these sessions: a trial that failed must not leave agents to the next. */
export function killLeftovers(sessionIds: Iterable<string>): void {
  for (const pids of liveProcessesOf(sessionIds).values()) {
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Gone already.
      }
    }
  }
}

export const isLive = (session: Session) => (LIVE_SESSION_STATUSES as readonly string[]).includes(session.status);

/**
 * What is untrue about these sessions now: one shown live without a process, one ended with
 * processes left, one started more than once. Empty when every session tells the truth.
 */
export function sessionLies(sessions: Session[], startsFile: string): string[] {
  const processes = liveProcessesOf(sessions.map((session) => session.id));
  const starts = startsPerSession(startsFile);
  const lies: string[] = [];
  for (const session of sessions) {
    const pids = processes.get(session.id) ?? [];
    if (isLive(session) && session.status !== "starting" && pids.length === 0) {
      lies.push(`session ${session.id} shown ${session.status} but no process of it is alive`);
    }
    if (!isLive(session) && session.status !== "queued" && pids.length > 0) {
      lies.push(`session ${session.id} is ${session.status} but ${pids.length} process(es) of it still run`);
    }
    if ((starts.get(session.id) ?? 0) > 1) lies.push(`session ${session.id} started ${starts.get(session.id)} times`);
  }
  return lies;
}

/** Live processes (other than this one) whose command line names `dir`: a runner left behind. */
export function processesNaming(dir: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(dir) && !isZombie(pid);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The last "tick N" the fixture agent of `sessionId` printed (it writes N once the line is out). */
export function lastTick(startsFile: string, sessionId: string): number | undefined {
  const file = `${startsFile}.${sessionId}.last`;
  return existsSync(file) ? Number(readFileSync(file, "utf8").trim()) : undefined;
}
