// P3: a task update → 50 dashboard subscribers. Targets (docs/decisions/0009-p3-same-work-baseline.md):
// each delivery p50 ≤ 10 ms and p99 ≤ 10 ms; the time to reach all 50 ≤ 3× a same-work baseline in
// the same run (plain node:http + better-sqlite3 WAL/FULL: the row and an event row in one durable
// transaction, then a bare `ws` broadcast of the event's JSON), p50 and p99; fan-out alone (publish
// → last subscriber) against the baseline's bare broadcast, for information; server CPU per update
// for both; a burst of updates with no waits: every subscriber gets every one, in order, and ends on
// the final state. The two sides alternate update by update (the machine's load hits both alike),
// after 20 unmeasured rounds; every wait has a deadline. `--quick`: 50 rounds and a burst of 50.
import { type BenchClient, httpClient } from "./agent-sessions";
import {
  Arrivals,
  type ServerChild,
  postBaseline,
  startServerChild,
  subscribeBaseline,
  subscribeMaestro,
} from "./p3-sides";
import { burstVerdict, cpuVerdicts, latencyVerdict, measure, ratioVerdict } from "./p3-verdicts";
import { processCpuMs } from "./serve-process";
import { nowMs } from "./stamps";
import { type BenchOptions, type Verdict, warmUp } from "./stats";

const WARM_UP_ROUNDS = 20;

/** Both servers, one task on each (the same), and how to update it. */
interface World {
  http: BenchClient;
  projectId: string;
  taskId: string;
  port: number;
  /** Server CPU so far: Maestro's, the baseline's (ms). */
  cpu(): [number, number];
}

export async function benchFanout({ quick }: BenchOptions): Promise<Verdict[]> {
  const [rounds, burst] = quick ? [50, 50] : [200, 200];
  const maestro = await startServerChild("./serve-child.ts");
  const baseline = await startServerChild("./p3-baseline-child.ts").catch(async (error: unknown) => {
    await maestro.stop();
    throw error;
  });
  const closers: Array<() => void> = [];
  try {
    const { url, token } = maestro.info as { url: string; token: string };
    const world = await seed(maestro, baseline);
    const arrivals = { maestro: new Arrivals(), baseline: new Arrivals() };
    closers.push(await subscribeMaestro({ url, token }, world.projectId, arrivals.maestro));
    closers.push(await subscribeBaseline(world.port, arrivals.baseline));
    const sent = { maestro: new Map<string, number>(), baseline: new Map<string, number>() };
    const round = async (title: string) => {
      sent.maestro.set(title, nowMs());
      await world.http.task.update.mutate({ id: world.taskId, title });
      await arrivals.maestro.allHave(title);
      sent.baseline.set(title, nowMs());
      await postBaseline(world.port, "/update", { id: world.taskId, title });
      await arrivals.baseline.allHave(title);
    };
    await warmUp(WARM_UP_ROUNDS, (i) => round(`warm-up ${i}`));
    const titles = Array.from({ length: rounds }, (_, i) => `r${i}`);
    const withSubscribers = await cpuPerUpdate(world, rounds, async () => {
      for (const title of titles) await round(title);
    });
    const burstTitles = Array.from({ length: burst }, (_, i) => `b${i}`);
    const final = await burstOf(world, burstTitles, arrivals.maestro);
    closers.splice(0).forEach((close) => close());
    const alone = await aloneRounds(world, rounds);
    const [published, broadcast] = await Promise.all([maestro.stamps(), baseline.stamps()]);
    const sides = {
      maestro: measure({
        titles,
        sent: sent.maestro,
        published,
        arrivals: arrivals.maestro,
        cpuMsPerUpdate: [withSubscribers[0], alone[0]],
      }),
      baseline: measure({
        titles,
        sent: sent.baseline,
        published: broadcast,
        arrivals: arrivals.baseline,
        cpuMsPerUpdate: [withSubscribers[1], alone[1]],
      }),
    };
    return [
      latencyVerdict(sides),
      ratioVerdict("the time to reach all 50, against the same-work baseline", sides, "toAll", true),
      ratioVerdict("fan-out alone (publish → last subscriber), against bare ws", sides, "fanOut", false),
      ...cpuVerdicts(sides),
      burstVerdict(arrivals.maestro, burstTitles, final),
    ];
  } finally {
    closers.forEach((close) => close());
    await Promise.all([maestro.stop(), baseline.stop()]);
  }
}

/** A project and a task on Maestro, the same task on the baseline. */
async function seed(maestro: ServerChild, baseline: ServerChild): Promise<World> {
  const { url, token, pid } = maestro.info as { url: string; token: string; pid: number };
  const { port, pid: basePid } = baseline.info as { port: number; pid: number };
  const http = httpClient(url, token);
  const project = await http.project.create.mutate({ name: "Fanout", rootDir: "/tmp/fanout", key: "FAN" });
  const task = await http.task.create.mutate({ projectId: project.id, title: "start" });
  await postBaseline(port, "/seed", task);
  return { http, projectId: project.id, taskId: task.id, port, cpu: () => [processCpuMs(pid), processCpuMs(basePid)] };
}

/** Each server's CPU per update over `run` (`updates` of them). */
async function cpuPerUpdate(world: World, updates: number, run: () => Promise<void>): Promise<[number, number]> {
  const before = world.cpu();
  await run();
  const after = world.cpu();
  return [(after[0] - before[0]) / updates, (after[1] - before[1]) / updates];
}

/** Maestro only: each update sent once the last was answered, none waited for; returns the task's final title. */
async function burstOf(world: World, titles: string[], arrivals: Arrivals): Promise<string> {
  for (const title of titles) await world.http.task.update.mutate({ id: world.taskId, title });
  await arrivals.allHave(titles.at(-1)!).catch(() => undefined);
  return (await world.http.task.byId.query({ id: world.taskId })).title;
}

/** The same rounds with nobody subscribed: what is left of the CPU is the update's own. */
async function aloneRounds(world: World, rounds: number): Promise<[number, number]> {
  await new Promise((resolve) => setTimeout(resolve, 300)); // the servers see the sockets close
  return cpuPerUpdate(world, rounds, async () => {
    for (let i = 0; i < rounds; i++) {
      await world.http.task.update.mutate({ id: world.taskId, title: `alone ${i}` });
      await postBaseline(world.port, "/update", { id: world.taskId, title: `alone ${i}` });
    }
  });
}
