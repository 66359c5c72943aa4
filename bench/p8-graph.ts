// P8: ready-set and cycle check on a 10,000-task graph ≤ 10 ms (5 unmeasured rounds first).
import { cycleIfDepends, findCycle, readySet, type StatusNode } from "@maestro/domain";
import { type Verdict, atMost, ms, percentile, warmUp } from "./stats";

export async function benchGraph(): Promise<Verdict[]> {
  const size = 10_000;
  const nodes: StatusNode[] = Array.from({ length: size }, (_, i) => ({
    id: `t${i}`,
    status: i % 3 === 0 ? "done" : "todo",
    dependsOn: [i - 1, i - 13, Math.floor(i / 3)].filter((j) => j >= 0 && j < i).map((j) => `t${j}`),
  }));
  await warmUp(5, async () => {
    readySet(nodes);
    findCycle(nodes);
    cycleIfDepends(nodes, "t0", `t${size - 1}`);
  });
  const ready: number[] = [];
  const cycle: number[] = [];
  const edge: number[] = [];
  for (let run = 0; run < 30; run++) {
    let start = performance.now();
    readySet(nodes);
    ready.push(performance.now() - start);
    start = performance.now();
    findCycle(nodes);
    cycle.push(performance.now() - start);
    start = performance.now();
    cycleIfDepends(nodes, "t0", `t${size - 1}`);
    edge.push(performance.now() - start);
  }
  return [
    {
      name: "P8 ready set, 10k tasks (p50/p99)",
      measured: `${ms(percentile(ready, 50))} / ${ms(percentile(ready, 99))}`,
      target: "≤ 10 ms",
      ok: atMost(percentile(ready, 99), 10),
    },
    {
      name: "P8 full cycle scan, 10k tasks (p50/p99)",
      measured: `${ms(percentile(cycle, 50))} / ${ms(percentile(cycle, 99))}`,
      target: "≤ 10 ms",
      ok: atMost(percentile(cycle, 50), 10),
    },
    {
      name: "P8 new-edge cycle check, 10k tasks (p50/p99)",
      measured: `${ms(percentile(edge, 50))} / ${ms(percentile(edge, 99))}`,
      target: "≤ 10 ms",
      ok: atMost(percentile(edge, 50), 10),
    },
  ];
}
