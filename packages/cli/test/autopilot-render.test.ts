import { describe, expect, it } from "vitest";
import { renderAutopilot } from "../src/commands/autopilot";
import { Output } from "../src/output";

const output = new Output({ out: () => {}, err: () => {}, isTTY: false }, false, false);

/** A status as `autopilot.status` answers it, with the tasks not done counted by the CLI. */
function status(queued: number, notDone: number) {
  const why = (n: number) => ({
    taskId: `t${n}`,
    key: `WEB-${n}`,
    reasons: [],
    text: "held back by the project's limit",
  });
  const queue = Array.from({ length: queued }, (_, i) => ({ ...why(i + 1), title: `Task ${i + 1}` }));
  return {
    projectId: "p",
    state: "on",
    pauseReason: null,
    maxConcurrent: null,
    limits: { global: { busy: 2, limit: 8 }, project: { busy: 2, limit: 2 }, agents: [] },
    queue,
    queueLength: queued,
    tasks: queue.map(({ title: _title, ...task }) => task),
    reasonCounts: {},
    wakeAt: null,
    memory: null,
    notDone,
  } as unknown as Parameters<typeof renderAutopilot>[1];
}

describe("maestro autopilot status: the table of tasks not queued", () => {
  it("does not say every task is done while tasks wait in the queue", () => {
    const text = renderAutopilot(output, status(3, 3));
    expect(text).toMatch(/WEB-3/);
    expect(text).not.toMatch(/Every task is done/);
  });

  it("says every task is done when none is left", () => {
    expect(renderAutopilot(output, status(0, 0))).toMatch(/Every task is done/);
  });
});
