// R1d: a full disk is a clear refusal, never corruption. The home is a small tmpfs; a ballast
// file takes every free byte while clients write; writes must fail saying the disk is full
// (the server keeps answering), the database stays sound, and writes succeed once space returns.
import type { Task } from "@maestro/domain";
import type { ChaosPromise, TrialResult } from "./promise";
import { type Client, type Serve, makeHome, ownerClient, removeHome, startServe, until } from "./serve";
import { readStored, storedProject } from "./stored";
import { missingWrites } from "./check-writes";
import type { AckLog } from "./write-load";
import { type SmallDisk, makeSmallDisk } from "./small-disk";

const DISK_MB = 24;
/** Large enough that a few dozen writes need fresh pages, well under the field's limit. */
const DESCRIPTION = "x".repeat(8_000);
const MAX_WRITES_WHEN_FULL = 2_000;

interface Refusal {
  code: string;
  message: string;
}

function refusalOf(error: unknown): Refusal {
  const data = (error as { data?: { code?: string } }).data;
  return { code: data?.code ?? "no answer", message: (error as Error).message };
}

async function createTask(client: Client, projectId: string, acked: AckLog, title: string): Promise<Task> {
  const task = await client.task.create.mutate({ projectId, title, description: DESCRIPTION });
  acked.set(task.id, { ...task, dependsOn: [] });
  return task;
}

/** Writes until the server refuses one; what it said, or undefined if the disk never filled. */
async function writeUntilRefused(client: Client, projectId: string, acked: AckLog): Promise<Refusal | undefined> {
  for (let i = 0; i < MAX_WRITES_WHEN_FULL; i++) {
    try {
      await createTask(client, projectId, acked, `full ${i}`);
    } catch (error) {
      return refusalOf(error);
    }
  }
  return undefined;
}

/** What is wrong with how the full disk was answered (nothing when it was a clear refusal and the server lives). */
async function judgeRefusal(serve: Serve, client: Client, refusal: Refusal | undefined): Promise<string[]> {
  if (!refusal) return [`${MAX_WRITES_WHEN_FULL} writes succeeded on a full disk`];
  const problems: string[] = [];
  if (refusal.code === "INTERNAL_SERVER_ERROR" || !/disk|space|full/i.test(refusal.message)) {
    problems.push(`a write on a full disk was answered ${refusal.code} "${refusal.message}"`);
  }
  if (serve.child.exitCode !== null || serve.child.signalCode !== null) problems.push("the server died on a full disk");
  else {
    await client.project.list
      .query()
      .catch((error: unknown) => problems.push(`reads fail on a full disk: ${String(error)}`));
  }
  return problems;
}

/** After the server stopped: the database is sound and holds every write acknowledged, before and after. */
async function judgeStored(home: string, projectId: string, acked: AckLog): Promise<string[]> {
  return await readStored(home, async (database) => {
    const integrity = await database.integrityCheck();
    if (integrity !== "ok") return [`integrity_check: ${integrity}`];
    const tasks = new Map((await storedProject(database, projectId)).tasks.map((task) => [task.id, task]));
    return missingWrites(acked, tasks);
  });
}

async function runTrial(home: string, disk: SmallDisk): Promise<TrialResult> {
  const serve = await startServe({ home });
  const client = ownerClient(serve);
  const acked: AckLog = new Map();
  try {
    const project = await client.project.create.mutate({ name: "R1d", rootDir: home, key: "FULL" });
    for (let i = 0; i < 5; i++) await createTask(client, project.id, acked, `before ${i}`);
    disk.fill();
    const refusal = await writeUntilRefused(client, project.id, acked);
    const problems = await judgeRefusal(serve, client, refusal);
    disk.free();
    const freed = performance.now();
    let lastRefusal = "";
    const tryWrite = () =>
      createTask(client, project.id, acked, "after").catch((error: unknown) => {
        lastRefusal = `${refusalOf(error).code} ${refusalOf(error).message}`;
        return undefined;
      });
    await until(`a write to succeed once space returned (last answer: ${lastRefusal})`, tryWrite, 10_000).catch(
      (error: unknown) => {
        throw new Error(
          `${(error as Error).message}; last answer ${lastRefusal}; server log ${serve.stderr().slice(-600).replaceAll("\n", " | ")}`,
        );
      },
    );
    const measure = Math.round(performance.now() - freed);
    const code = await serve.stop();
    if (code !== 0) problems.push(`the server exited ${code} on SIGTERM after the disk filled`);
    problems.push(...(await judgeStored(home, project.id, acked)));
    return problems.length ? { ok: false, failure: problems.join("; "), measure } : { ok: true, measure };
  } finally {
    await serve.stop();
  }
}

async function trial(): Promise<TrialResult> {
  const home = makeHome("r1d");
  let disk: SmallDisk | undefined;
  try {
    disk = makeSmallDisk(home, DISK_MB);
    return await runTrial(home, disk);
  } finally {
    disk?.release();
    removeHome(home);
  }
}

export const r1dDiskFull: ChaosPromise = {
  id: "R1d",
  promise: "disk full: writes refused clearly, nothing corrupted, resumes when space returns (ms)",
  trials: { full: 5, quick: 1 },
  unit: (ms) => `${ms} ms to resume`,
  trial,
};
