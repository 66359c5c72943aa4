// P7: no response over 1 MB in a 100,000-task project. The project is seeded straight into the
// database before `maestro serve` starts (tasks by raw SQL as in P9; sessions with their cost,
// events, in-flight branches, a spec with 2,000 tasks and its requirements, a task's reviews,
// through the repositories), then every read procedure is asked for its biggest answer (the
// largest page, 500) and the body's bytes are counted. `export.run` is the one answer that is
// the whole project on purpose (a file to download): reported, not held to the limit. Also the
// CLI's `task list --json` over all 100,000 tasks: its output is checked to be the whole list
// in one array, and its peak RSS (GNU time) compared with listing the first 10,000: a CLI that
// held the list would grow by hundreds of MiB between the two, one that streams stays put.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  addSessionUsage,
  appendEvent,
  findTaskByRef,
  insertDocumentVersion,
  insertProject,
  insertSession,
  insertSpec,
  insertTaskReview,
  linkSpecTask,
  type StoreTransaction,
  openSqliteStore,
  updateSession,
} from "@maestro/db";
import { DEFAULT_PROJECT_SETTINGS } from "@maestro/domain";
import { childEnv } from "./env";
import { seedTasksSql } from "./p9-task-pages";
import { type Connection, sqliteConnection } from "./seed-connection";
import { startServeProcess } from "./serve-process";
import { type Verdict, atMost } from "./stats";

const TASKS = 100_000;
const SESSIONS = 3_000;
const EVENTS = 5_000;
const IN_FLIGHT = 200;
const SPEC_TASKS = 2_000;
const REQUIREMENTS = 50;
const REVIEWS = 600;
const MAX_BYTES = 1_000_000;
const PAGE = 500;
const CALL_DEADLINE_MS = 120_000;
const MAESTRO = fileURLToPath(new URL("../packages/cli/bin/maestro.js", import.meta.url));
const GNU_TIME = "/usr/bin/time";

interface Seeded {
  projectId: string;
  specId: string;
  reviewedTaskId: string;
  sessionId: string;
}

/** In-flight tasks (every 500th): a branch changing 3 of 30 shared files, so branches overlap. */
function branchesSql(projectId: string): string {
  return `UPDATE tasks SET status = 'in_progress', landing = json_object(
      'branch', 'maestro/' || key, 'landState', 'none',
      'changedFiles', json_array('src/f' || (number % 30) || '.ts', 'src/f' || ((number + 7) % 30) || '.ts',
        'src/f' || ((number + 13) % 30) || '.ts'))
    WHERE project_id = '${projectId}' AND number % ${TASKS / IN_FLIGHT} = 0`;
}

function requirementsText(): string {
  const sections = Array.from(
    { length: REQUIREMENTS },
    (_, i) =>
      `### Requirement ${i + 1}: Part ${i + 1}\n\n#### Acceptance Criteria\n1. WHEN asked THE SYSTEM SHALL answer\n2. THE SYSTEM SHALL log it\n`,
  );
  return `# Requirements\n\n${sections.join("\n")}`;
}

/** A spec planning tasks 1..2,000, each naming one requirement's criterion, linked as its tasks.md items. */
async function seedSpec(tx: StoreTransaction, connection: Connection, projectId: string): Promise<string> {
  const spec = await insertSpec(tx, {
    projectId,
    slug: "big",
    name: "Big",
    request: "",
    requiredApprovals: 1,
  });
  await insertDocumentVersion(tx, {
    specId: spec.id,
    phase: "requirements",
    text: requirementsText(),
    author: "bench",
    source: "api",
  });
  connection.exec(`UPDATE tasks SET spec_id = '${spec.id}',
      requirement_ids = json_array(((number - 1) % ${REQUIREMENTS} + 1) || '.' || ((number % 2) + 1))
    WHERE project_id = '${projectId}' AND number <= ${SPEC_TASKS}`);
  for (let number = 1; number <= SPEC_TASKS; number++) {
    await linkSpecTask(tx, {
      specId: spec.id,
      item: String(number),
      taskId: (await findTaskByRef(tx, `BIG-${number}`))!.id,
    });
  }
  return spec.id;
}

/** Ended sessions, one per task, with what they cost; their tasks' updates as events. */
async function seedActivity(tx: StoreTransaction, projectId: string): Promise<string> {
  let sessionId = "";
  for (let i = 1; i <= Math.max(SESSIONS, EVENTS); i++) {
    const task = (await findTaskByRef(tx, `BIG-${i * 7}`))!;
    if (i <= SESSIONS) {
      const session = await insertSession(tx, {
        projectId,
        taskIds: [task.id],
        agent: "shell",
        role: "worker",
        attempt: 1,
        prompt: `Do ${task.key}: ${task.title}`,
        tokenHash: `hash-${i}`,
        useWorktree: false,
        isQueue: false,
        parentSessionId: null,
      });
      await addSessionUsage(tx, session.id, {
        costUsd: 0.01 * i,
        tokensIn: 1000,
        tokensOut: 200,
        agentSessionId: null,
      });
      await updateSession(tx, session.id, { status: "succeeded", endedAt: new Date().toISOString() });
      sessionId = session.id;
    }
    if (i <= EVENTS) {
      await appendEvent(tx, {
        projectId,
        entity: "task",
        entityId: task.id,
        kind: "task.updated",
        actor: "owner",
        payload: { task, changed: ["status"] },
      });
    }
  }
  return sessionId;
}

async function seed(home: string): Promise<Seeded> {
  const database = openSqliteStore({ path: join(home, "maestro.db") });
  try {
    const connection = sqliteConnection(database);
    const project = await insertProject(database.db, {
      key: "BIG",
      name: "BIG",
      rootDir: "/tmp/maestro-bench-p7-big",
      description: "",
      settings: DEFAULT_PROJECT_SETTINGS,
    });
    return await database.transaction(async (tx) => {
      connection.exec(seedTasksSql(project.id, "BIG", TASKS));
      connection.exec(branchesSql(project.id));
      const specId = await seedSpec(tx, connection, project.id);
      const sessionId = await seedActivity(tx, project.id);
      const reviewed = (await findTaskByRef(tx, "BIG-500"))!;
      for (let i = 0; i < REVIEWS; i++) {
        await insertTaskReview(
          tx,
          {
            taskId: reviewed.id,
            projectId: project.id,
            actor: "owner",
            verdict: "request_changes",
            comment: `review ${i}: the usual length of a reviewer's remark about the change`,
            comments: [],
            headCommit: null,
          },
          new Date(1_700_000_000_000 + i),
        );
      }
      return { projectId: project.id, specId, reviewedTaskId: reviewed.id, sessionId };
    });
  } finally {
    await database.close();
  }
}

/** Every read a client may call, each with the input that gives its biggest answer. */
function reads(seeded: Seeded): Array<[string, object]> {
  const project = { id: seeded.projectId };
  const projectId = seeded.projectId;
  return [
    ["project.list", { limit: PAGE }],
    ["project.byId", project],
    ["project.spend", project],
    ["task.list", { projectId, limit: PAGE }],
    ["task.list", { projectId, limit: PAGE, status: ["todo"] }],
    ["task.list", { projectId, limit: PAGE, ready: true }],
    ["task.counts", project],
    ["task.byId", { id: "BIG-500" }],
    ["task.why", { id: "BIG-500" }],
    ["task.spend", { id: "BIG-1" }],
    ["task.overlaps", { id: projectId, limit: PAGE }],
    ["task.reviews", { id: seeded.reviewedTaskId, limit: PAGE }],
    ["task.checks", { id: seeded.reviewedTaskId, limit: PAGE }],
    ["event.list", { projectId, limit: PAGE }],
    ["event.list", { projectId, limit: PAGE, order: "desc" }],
    ["session.list", { projectId, limit: PAGE }],
    ["session.byId", { id: seeded.sessionId }],
    ["session.costs", { projectId, limit: PAGE }],
    ["session.log", { id: seeded.sessionId, limit: 5_000 }],
    ["spec.list", { projectId, limit: PAGE }],
    ["spec.byId", { id: seeded.specId }],
    ["spec.versions", { id: seeded.specId, phase: "requirements", limit: PAGE }],
    ["spec.traceability", { id: seeded.specId }],
    ["spec.tasksPreview", { id: seeded.specId }],
    ["agent.list", { limit: PAGE }],
    ["webhook.byProject", { projectId }],
    ["webhook.deliveries", { projectId, limit: PAGE }],
    ["worktree.list", { projectId, limit: PAGE }],
    ["attention.counts", {}],
    ["autopilot.status", { projectId }],
    ["autopilot.graphFinished", { projectId }],
  ];
}

/** The body of one GET, as the dashboard and CLI fetch it: bytes, or the error it answered. */
async function bodyOf(url: string, token: string, path: string, input: object) {
  const response = await fetch(`${url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(CALL_DEADLINE_MS),
  });
  const body = Buffer.from(await response.arrayBuffer());
  return { ok: response.ok, bytes: body.length, text: response.ok ? "" : body.toString("utf8").slice(0, 300) };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(bytes < 10_000 ? 1 : 0)} kB`;

interface CliList {
  items: number;
  bytes: number;
  isArray: boolean;
  peakMiB: number;
  cpuMs: number;
}

/** `maestro task list --json` as a process: its output counted as it streams, its peak RSS from GNU time. */
function runTaskList(url: string, token: string, extra: string[]): Promise<CliList> {
  return new Promise((resolve, reject) => {
    const args = [
      "-f",
      "P7RSS %M %U %S",
      process.execPath,
      MAESTRO,
      "task",
      "list",
      "--project",
      "BIG",
      "--json",
      ...extra,
    ];
    const child = spawn(GNU_TIME, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: childEnv({ MAESTRO_URL: url, MAESTRO_TOKEN: token }),
    });
    let bytes = 0;
    let items = 0;
    let head = "";
    let tail = "";
    let partial = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      const text = partial + chunk.toString("utf8");
      const lines = text.split("\n");
      partial = lines.pop()!;
      // Each task starts a line of its own at the array's depth: "  {".
      for (const line of lines) if (line === "  {") items += 1;
      if (head.length < 10) head += chunk.toString("utf8", 0, 10);
      tail = (tail + chunk.toString("utf8")).slice(-10);
    });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 10 * CALL_DEADLINE_MS);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      const usage = /P7RSS (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
      if (code !== 0 || !usage) return reject(new Error(`task list --json exited ${code}: ${stderr.slice(-500)}`));
      resolve({
        items,
        bytes,
        isArray: head.startsWith("[\n") && tail.trimEnd().endsWith("\n]"),
        peakMiB: Number(usage[1]) / 1024,
        cpuMs: (Number(usage[2]) + Number(usage[3])) * 1000,
      });
    });
  });
}

export async function benchListSizes(): Promise<Verdict[]> {
  let seeded: Seeded | undefined;
  const seedStart = performance.now();
  const server = await startServeProcess(
    "p7",
    {},
    {
      prepareHome: async (home) => {
        seeded = await seed(home);
      },
    },
  );
  const seedSeconds = (performance.now() - seedStart) / 1000;
  try {
    const sizes: Array<{ name: string; bytes: number; error?: string }> = [];
    for (const [path, input] of reads(seeded!)) {
      const filter = Object.keys(input).filter((key) => !["id", "projectId", "limit"].includes(key));
      const name = filter.length ? `${path} (${filter.join(", ")})` : path;
      const answer = await bodyOf(server.url, server.token, path, input);
      sizes.push({ name, bytes: answer.bytes, ...(answer.ok ? {} : { error: answer.text }) });
    }
    const exported = await bodyOf(server.url, server.token, "export.run", {
      projectId: seeded!.projectId,
      format: "json",
    });
    const largest = [...sizes].sort((a, b) => b.bytes - a.bytes);
    const over = largest.filter((size) => size.bytes > MAX_BYTES);
    const failed = sizes.filter((size) => size.error);
    const tenth = await runTaskList(server.url, server.token, ["--limit", String(TASKS / 10)]);
    const all = await runTaskList(server.url, server.token, []);
    const growth = all.peakMiB - tenth.peakMiB;
    return [
      {
        name: "P7 largest answer of each read at 100k tasks (page 500)",
        measured:
          `${largest.map((size) => `${size.name} ${kB(size.bytes)}${size.error ? " (error)" : ""}`).join(", ")}; ` +
          `seeded and started in ${seedSeconds.toFixed(1)} s`,
        target: "every one ≤ 1 MB",
        ok: over.length === 0 && failed.length === 0,
      },
      ...over.map((size) => ({
        name: `P7 ${size.name} over 1 MB`,
        measured: kB(size.bytes),
        target: "≤ 1 MB",
        ok: false,
      })),
      ...failed.map((size) => ({
        name: `P7 ${size.name} answered an error`,
        measured: size.error!,
        target: "an answer",
        ok: false,
      })),
      {
        name: "P7 export.run (the whole project as a file, the one exception)",
        measured: exported.ok ? kB(exported.bytes) : `error: ${exported.text}`,
        target: "not limited",
        ok: true,
        info: true,
      },
      {
        name: "P7 CLI task list --json, 100k tasks: whole, one array, peak RSS vs the first 10k",
        measured:
          `${all.items.toLocaleString("en")} tasks, ${(all.bytes / 1e6).toFixed(1)} MB, ` +
          `${all.isArray ? "one array" : "NOT one array"}; peak ${all.peakMiB.toFixed(0)} MiB ` +
          `(10k: ${tenth.peakMiB.toFixed(0)} MiB), CPU ${(all.cpuMs / 1000).toFixed(1)} s`,
        target: `all ${TASKS.toLocaleString("en")}, peak grows ≤ 16 MiB from 10k`,
        ok: all.items === TASKS && tenth.items === TASKS / 10 && all.isArray && atMost(growth, 16),
      },
    ];
  } finally {
    await server.stop();
  }
}
