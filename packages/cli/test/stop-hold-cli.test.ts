import { describe, expect, it } from "vitest";
import { useCliServer } from "./cli-server";

// Under autopilot a person's stop holds the task: `task why` says so and `task retry` releases it.
const cli = useCliServer("maestro-hold-cli-");
const maestro = (...argv: string[]) => cli.run(argv, "home");

async function json<T>(...argv: string[]): Promise<T> {
  const result = await maestro(...argv, "--json");
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout) as T;
}

const sessionsOf = (project: string) =>
  json<Array<{ id: string; status: string }>>("session", "list", "--project", project);

/** Waits (up to 5 s) until the project has `count` sessions; the scheduler runs on events and every 2 s. */
async function untilSessions(project: string, count: number): Promise<Array<{ id: string; status: string }>> {
  for (let i = 0; i < 250; i++) {
    const sessions = await sessionsOf(project);
    if (sessions.length >= count) return sessions;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return sessionsOf(project);
}

describe("maestro task why and task retry on a task a stop holds", () => {
  it("says held, by whom, when and how to release it; retry lets autopilot start it again", async () => {
    await json("project", "create", "Hold", "--dir", cli.home, "--key", "HOLD");
    await json("task", "create", "Build", "--project", "HOLD", "--command", "true");
    await json("autopilot", "start", "HOLD");
    const [first] = await untilSessions("HOLD", 1);
    await maestro("session", "stop", first!.id.slice(0, 8));
    const task = await json<{ heldAt: string }>("task", "show", "HOLD-1");
    const at = new Date(task.heldAt).toISOString().slice(11, 16);
    const why = await maestro("task", "why", "HOLD-1");
    expect(why.stdout).toMatch(
      new RegExp(
        `^HOLD-1  held: stopped by owner at ${at} UTC; run maestro task retry HOLD-1 to let autopilot run it$`,
        "m",
      ),
    );
    expect((await maestro("task", "show", "HOLD-1")).stdout).toMatch(
      /held\s+stopped by owner at .*; maestro task retry HOLD-1 releases it/,
    );
    // More than one scheduler pass (every 2 s) starts nothing.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await sessionsOf("HOLD")).toHaveLength(1);

    expect((await maestro("task", "retry", "HOLD-1")).stdout).toMatch(
      /HOLD-1 is back to todo; autopilot will start it/,
    );
    expect(await untilSessions("HOLD", 2)).toHaveLength(2);
    expect((await json<{ text: string }>("task", "why", "HOLD-1")).text).toMatch(
      /^running \(session [0-9a-f]{8}, queued\)$/,
    );
  });
});
