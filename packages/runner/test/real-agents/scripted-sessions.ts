// The two runs the Gemini CLI and OpenCode tests script their stand-ins for: one writes notes.md
// and reports done; the other writes todo.md, fails on its next call, and its resume finishes it.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { World } from "../world";

/** How long to wait for one session of a scripted run (a few seconds here): twice this is under the tests' 60 s. */
const WAIT_MS = 25_000;

/** Runs "write the notes" on `agent`: it succeeds, reports done through `maestro`, writes the file. */
export async function runNotesSession(world: World, agent: string) {
  const session = await world.runTask(agent, "write the notes");
  const ended = await world.waitForEnd(session.id, WAIT_MS);
  expect(ended).toMatchObject({ status: "succeeded", exitCode: 0, lastReport: "wrote notes.md" });
  expect(readFileSync(join(world.rootDir, "notes.md"), "utf8")).toBe("# Notes\n");
  expect((await world.client.task.byId.query({ id: session.taskIds[0]! })).status).toBe("done");
  return ended;
}

/**
 * The prompt the runner fed a session's agent on stdin (its prompt file): for a resumed session,
 * the short one saying why it resumes. Never in argv, which this checks too.
 */
export async function promptFed(world: World, sessionId: string): Promise<string> {
  const prompt = readFileSync(join(world.home, "sessions", sessionId, "prompt.md"), "utf8");
  const argv = (await world.client.session.manifest.query({ id: sessionId })).argv ?? [];
  expect(argv.filter((part) => part.includes(prompt.slice(0, 40)))).toEqual([]);
  return prompt;
}

/**
 * Runs "write the todo" on `agent` until it fails, then resumes it: the resumed session finishes
 * in the same conversation of the agent. Returns both sessions, the resumed one's argv and the
 * prompt it was fed on stdin.
 */
export async function failThenResume(world: World, agent: string) {
  const first = await world.waitForEnd((await world.runTask(agent, "write the todo")).id, WAIT_MS);
  expect(first).toMatchObject({ status: "failed", agentSessionId: expect.any(String) });
  expect(existsSync(join(world.rootDir, "todo.md"))).toBe(true);
  const resumed = await world.client.session.resume.mutate({ id: first.id });
  const second = await world.waitForEnd(resumed.id, WAIT_MS);
  expect(second).toMatchObject({
    status: "succeeded",
    lastReport: "finished todo.md",
    resumedFromId: first.id,
    agentSessionId: first.agentSessionId,
  });
  const argv = (await world.client.session.manifest.query({ id: second.id })).argv ?? [];
  return { first, second, argv, resumePrompt: await promptFed(world, second.id) };
}
