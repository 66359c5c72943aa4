import type { ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import type { OutputBatcher } from "./output-batcher";

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** How long the pipes may stay open after the agent's group is gone (held by a process that escaped it). */
const PIPE_GRACE_MS = 2_000;

/**
 * Feeds stdout/stderr to the batcher (ending each stream once or twice: on its end and its close);
 * resolves when the process has exited and its pipes closed.
 * `onExit` may stop what it left behind; only then does the pipe grace period start.
 */
export function collectOutput(
  { child }: { child: ChildProcessByStdio<null, Readable, Readable> },
  batcher: Pick<OutputBatcher, "push" | "end">,
  onExit: () => Promise<unknown>,
): Promise<Exit> {
  for (const stream of ["stdout", "stderr"] as const) {
    child[stream].on("data", (bytes: Buffer) => batcher.push(stream, bytes));
    child[stream].on("end", () => batcher.end(stream));
    // A pipe destroyed after the grace period closes without an end: what the batcher holds back goes all the same.
    child[stream].on("close", () => batcher.end(stream));
  }
  child.once("exit", () => {
    void onExit().then(() => {
      setTimeout(() => [child.stdout, child.stderr].forEach((stream) => stream.destroy()), PIPE_GRACE_MS).unref();
    });
  });
  return new Promise((resolve) => child.once("close", (code, signal) => resolve({ code, signal })));
}
