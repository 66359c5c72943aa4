import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type World, fixture, startWorld } from "./world";

// Autopilot with real processes: the server's scheduler, the runner, shell tasks (no LLM).
let world: World;

beforeAll(async () => {
  world = await startWorld({ heartbeatMs: 60_000 });
});
afterAll(async () => {
  await world?.close();
});

interface Span {
  name: string;
  start: number;
  end: number;
}

/** Each shell task writes "<name> start|end <ms>" lines to one trace file. */
function readSpans(file: string): Span[] {
  const spans = new Map<string, Partial<Span>>();
  for (const line of readFileSync(file, "utf8").trim().split("\n")) {
    const [name, edge, ms] = line.split(" ");
    spans.set(name!, { ...spans.get(name!), name, [edge!]: Number(ms) });
  }
  return [...spans.values()] as Span[];
}

function maxOverlap(spans: Span[]): number {
  const edges = spans
    .flatMap((span) => [
      { at: span.start, delta: 1 },
      { at: span.end, delta: -1 },
    ])
    .sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let max = 0;
  for (const edge of edges) max = Math.max(max, (current += edge.delta));
  return max;
}

describe("autopilot with real agents", () => {
  it("runs a diamond A → (B, C) → D with limit 2: B and C in parallel, D after both", { timeout: 60_000 }, async () => {
    const project = await world.client.project.create.mutate({ name: "Diamond", rootDir: world.rootDir, key: "DIA" });
    const trace = join(world.home, "diamond.trace");
    const step = (name: string) =>
      `echo "${name} start $(date +%s%3N)" >> ${trace}; sleep 0.4; echo "${name} end $(date +%s%3N)" >> ${trace}`;
    const create = (title: string, dependsOn: string[] = []) =>
      world.client.task.create.mutate({ projectId: project.id, title, command: step(title), dependsOn });
    const a = await create("A");
    const b = await create("B", [a.id]);
    const c = await create("C", [a.id]);
    const d = await create("D", [b.id, c.id]);
    await world.client.autopilot.start.mutate({ projectId: project.id, maxConcurrent: 2 });
    await world.waitFor(
      () => world.client.task.byId.query({ id: d.id }),
      (task) => task.status === "done",
      20_000,
    );

    const spans = Object.fromEntries(readSpans(trace).map((span) => [span.name, span]));
    expect(Object.keys(spans).sort()).toEqual(["A", "B", "C", "D"]);
    expect(spans.B!.start).toBeGreaterThanOrEqual(spans.A!.end);
    expect(spans.C!.start).toBeGreaterThanOrEqual(spans.A!.end);
    // B and C ran at the same time.
    expect(Math.max(spans.B!.start, spans.C!.start)).toBeLessThan(Math.min(spans.B!.end, spans.C!.end));
    expect(spans.D!.start).toBeGreaterThanOrEqual(Math.max(spans.B!.end, spans.C!.end));
    expect(maxOverlap(Object.values(spans))).toBe(2);
    const { items: sessions } = await world.client.session.list.query({ projectId: project.id, limit: 100 });
    expect(sessions).toHaveLength(4);
    expect(sessions.every((session) => session.status === "succeeded")).toBe(true);
  });

  it(
    "runs a random 50-task graph with limit 4: each task after its dependencies, never more than 4 at once",
    { timeout: 120_000 },
    async () => {
      const project = await world.client.project.create.mutate({ name: "Random", rootDir: world.rootDir, key: "RND" });
      const trace = join(world.home, "random.trace");
      let seed = 42;
      const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
      const tasks: Array<{ id: string; title: string; dependsOn: string[] }> = [];
      for (let i = 0; i < 50; i++) {
        // Up to 3 dependencies on earlier tasks: a DAG by construction.
        const dependsOn = [
          ...new Set(
            Array.from(
              { length: Math.floor(random() * 4) },
              () => tasks[Math.floor(random() * tasks.length)]?.id,
            ).filter((id): id is string => !!id),
          ),
        ];
        const title = `T${i}`;
        const command = `echo "${title} start $(date +%s%3N)" >> ${trace}; sleep 0.05; echo "${title} end $(date +%s%3N)" >> ${trace}`;
        const created = await world.client.task.create.mutate({ projectId: project.id, title, command, dependsOn });
        tasks.push({ id: created.id, title, dependsOn });
      }
      await world.client.autopilot.start.mutate({ projectId: project.id, maxConcurrent: 4 });
      await world.waitFor(
        async () => (await world.client.task.list.query({ projectId: project.id })).items,
        (all) => all.every((task) => task.status === "done"),
        50_000,
      );
      const spans = new Map(readSpans(trace).map((span) => [span.name, span]));
      expect(spans.size).toBe(50);
      const titleOf = new Map(tasks.map((task) => [task.id, task.title]));
      for (const task of tasks) {
        for (const dependency of task.dependsOn) {
          expect(spans.get(task.title)!.start).toBeGreaterThanOrEqual(spans.get(titleOf.get(dependency)!)!.end);
        }
      }
      expect(maxOverlap([...spans.values()])).toBeLessThanOrEqual(4);
      // Exactly one session per task: nothing ran twice.
      const { items: sessions } = await world.client.session.list.query({ projectId: project.id, limit: 500 });
      expect(sessions).toHaveLength(50);
      expect(new Set(sessions.map((session) => session.taskIds[0])).size).toBe(50);
    },
  );

  it(
    "regression: limit wording in the output of an agent that then succeeds pauses nothing",
    { timeout: 30_000 },
    async () => {
      await world.client.agent.add.mutate({
        name: "talker",
        adapter: "custom",
        command: [fixture("rate-limit-talk-agent.sh")],
      });
      const task = await world.client.task.create.mutate({
        projectId: "RUN",
        title: "talks about 429s",
        agent: "talker",
      });
      const session = await world.client.session.start.mutate({ taskIds: [task.id] });
      expect((await world.waitForEnd(session.id)).status).toBe("succeeded");
      const status = await world.client.autopilot.status.query({ projectId: "RUN" });
      expect(status.limits.agents.find((agent) => agent.agent === "talker")).toBeUndefined();
    },
  );

  it(
    "pauses an agent that prints a usage limit, waits, and resumes it at the reset time",
    { timeout: 60_000 },
    async () => {
      const project = await world.client.project.create.mutate({ name: "Limits", rootDir: world.rootDir, key: "LIM" });
      await world.client.agent.add.mutate({
        name: "limited",
        adapter: "custom",
        command: [fixture("usage-limit-agent.sh"), join(world.home, "limit.count")],
      });
      const task = await world.client.task.create.mutate({
        projectId: project.id,
        title: "hit the limit once",
        agent: "limited",
      });
      await world.client.autopilot.start.mutate({ projectId: project.id });

      const waiting = await world.waitFor(
        async () => (await world.client.session.list.query({ projectId: project.id, limit: 10 })).items[0],
        (session) => session?.status === "waiting",
      );
      const status = await world.client.autopilot.status.query({ projectId: project.id });
      const pause = status.limits.agents.find((agent) => agent.agent === "limited");
      expect(pause?.pausedUntil).not.toBeNull();
      // Resumed by itself once the reset time (3 s after the message) has passed, in the same session.
      const done = await world.waitFor(
        () => world.client.task.byId.query({ id: task.id }),
        (current) => current.status === "done",
        20_000,
      );
      expect(done.status).toBe("done");
      const ended = await world.waitForEnd(waiting!.id);
      expect(ended.status).toBe("succeeded");
      expect(Date.parse(ended.startedAt!)).toBeGreaterThanOrEqual(Date.parse(pause!.pausedUntil!));
      expect(readFileSync(join(world.home, "limit.count"), "utf8").trim().split("\n")).toHaveLength(2);
    },
  );
});
