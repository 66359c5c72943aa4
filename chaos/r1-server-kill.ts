// R1: nothing acknowledged is lost. Several clients write (tasks with dependencies, versioned
// updates) while the server is killed with kill -9 at a random moment; the database it leaves is
// checked before the next server opens it, and the next server must come up on it.
import type { ChaosFixture, ChaosMode, ChaosPromise, TrialResult } from "./promise";
import { type Serve, makeHome, ownerClient, removeHome, sleep, startServe, until } from "./serve";
import { readStored, storedProject } from "./stored";
import { missingWrites, tornWrites } from "./check-writes";
import { type AckLog, writeLoad } from "./write-load";

const CLIENTS = 4;

interface R1Fixture extends ChaosFixture {
  home: string;
  serve: Serve;
  projectId: string;
  /** Every write acknowledged in any trial so far: later crashes must not lose earlier writes either. */
  acked: AckLog;
}

async function setup(): Promise<R1Fixture> {
  const home = makeHome("r1");
  const fixture = { home, acked: new Map() } as unknown as R1Fixture;
  fixture.serve = await startServe({ home });
  const project = await ownerClient(fixture.serve).project.create.mutate({ name: "R1", rootDir: home, key: "R1" });
  fixture.projectId = project.id;
  fixture.teardown = async () => {
    await fixture.serve.stop();
    removeHome(home);
  };
  return fixture;
}

/** The crash lands anywhere from just after the first acknowledged write to well into the load. */
function crashDelayMs(mode: ChaosMode): number {
  return Math.random() * (mode.quick ? 400 : 1_500);
}

/** What the crash left, judged before any server recovers it: integrity, acknowledged writes, torn ones. */
async function judgeCrashedHome(fixture: R1Fixture): Promise<string[]> {
  return await readStored(fixture.home, async (database) => {
    const integrity = await database.integrityCheck();
    if (integrity !== "ok") return [`integrity_check: ${integrity}`];
    const stored = await storedProject(database, fixture.projectId);
    const tasks = new Map(stored.tasks.map((task) => [task.id, task]));
    return [...missingWrites(fixture.acked, tasks), ...tornWrites(stored)];
  });
}

async function trial(_index: number, base: ChaosFixture, mode: ChaosMode): Promise<TrialResult> {
  const fixture = base as R1Fixture;
  const clients = Array.from({ length: CLIENTS }, () => ownerClient(fixture.serve));
  const before = fixture.acked.size;
  const load = writeLoad({ clients, projectId: fixture.projectId, acked: fixture.acked });
  // The crash must land under load: a fresh server's first answers can take a while.
  const isUnderLoad = await until("a write", () => (fixture.acked.size > before ? true : undefined), 10_000).catch(
    () => false,
  );
  await sleep(crashDelayMs(mode));
  await fixture.serve.crash();
  const { refusals } = await load;
  const problems = [...refusals.map((why) => `a write was refused: ${why}`), ...(await judgeCrashedHome(fixture))];
  if (!isUnderLoad) problems.push("no write was acknowledged within 10 s of the load starting");
  const restarting = performance.now();
  fixture.serve = await startServe({ home: fixture.home, port: fixture.serve.port });
  const measure = Math.round(performance.now() - restarting);
  return problems.length ? { ok: false, failure: problems.slice(0, 3).join("; "), measure } : { ok: true, measure };
}

export const r1ServerKill: ChaosPromise = {
  id: "R1",
  promise: "kill -9 of the server under write load: nothing acknowledged lost (restart ms)",
  trials: { full: 30, quick: 3 },
  unit: (ms) => `${ms} ms restart`,
  setup,
  trial,
};
