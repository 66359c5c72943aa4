import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUILT_IN_AGENTS } from "@maestro/domain";
import { TRPCClientError } from "@trpc/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunnerClient } from "../src/client";
import type { Claim } from "../src/launch";
import { superviseSession } from "../src/supervise";
import { shellClaim } from "./shell-claim";

// How the runner treats a start the server refuses, and one the server never heard. The server's
// answers are stand-ins here (its refusal itself is tested in the server's tests); the agent is
// a real process.

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "maestro-supervise-"));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const claimOf = (command: string) => shellClaim({ command, rootDir: home });

/** A server stand-in: `started` fails with `startedError`; `finish` is recorded. */
function serverThatFailsStart(startedError: Error) {
  const finished: Array<{ exitCode: number | null; signal: string | null; error: string | null }> = [];
  const client = {
    runner: {
      started: { mutate: () => Promise.reject(startedError) },
      log: { mutate: () => Promise.resolve({ lastSeq: 0 }) },
      finish: { mutate: (input: (typeof finished)[number]) => (finished.push(input), Promise.resolve({})) },
    },
  } as unknown as RunnerClient;
  return { client, finished };
}

const launch = () => ({ home, binDir: home, source: { PATH: process.env.PATH } });

describe("superviseSession when its start is not recorded", () => {
  it("stops the agent the server refused", async () => {
    const refusal = TRPCClientError.from({
      error: { message: "session is not held by this lease", code: -32009, data: { code: "CONFLICT" } },
    });
    const { client, finished } = serverThatFailsStart(refusal);
    const held = superviseSession(claimOf("sleep 30"), { client, launch: launch(), graceMs: 200, log: () => {} });
    await held.done;
    expect(finished).toHaveLength(1);
    expect(finished[0]!.error).toMatch(/the server refused it: session is not held by this lease/);
    expect(finished[0]!.exitCode).not.toBe(0);
  }, 15_000);

  it("lets the agent run on when the server was not reached, and reports how it ended", async () => {
    const logged: string[] = [];
    const { client, finished } = serverThatFailsStart(new TRPCClientError("WebSocket closed"));
    const held = superviseSession(claimOf("sleep 0.3; exit 3"), {
      client,
      launch: launch(),
      graceMs: 200,
      log: (line) => logged.push(line),
    });
    await held.done;
    expect(logged.join("\n")).toMatch(/could not report its start: WebSocket closed/);
    expect(finished).toEqual([expect.objectContaining({ exitCode: 3, signal: null, error: null })]);
  }, 15_000);
});

describe("superviseSession resuming a conversation the agent no longer has", () => {
  it("starts the agent once more with the whole prompt, saying so, and the session ends as that run does", async () => {
    const claude = BUILT_IN_AGENTS.find((agent) => agent.adapter === "claude-code")!;
    const claim = {
      ...claimOf(""),
      profile: { ...claude, command: [fileURLToPath(new URL("./fixtures/forgetful-claude.mjs", import.meta.url))] },
      launch: { prompt: "Maestro is resuming this session", resumeId: "gone-1" },
    } as Claim;
    const chunks: Array<{ stream: string; text: string }> = [];
    const argvs: string[][] = [];
    const finished: unknown[] = [];
    const client = {
      runner: {
        started: { mutate: (input: { argv: string[] }) => (argvs.push(input.argv), Promise.resolve({})) },
        log: { mutate: (input: { chunks: typeof chunks }) => (chunks.push(...input.chunks), Promise.resolve({})) },
        finish: { mutate: (input: unknown) => (finished.push(input), Promise.resolve({})) },
      },
    } as unknown as RunnerClient;
    await superviseSession(claim, { client, launch: launch(), graceMs: 200, log: () => {} }).done;
    expect(finished).toEqual([expect.objectContaining({ exitCode: 0, error: null })]);
    // The prompts go on stdin: neither launch has one in argv.
    expect(argvs.flat().filter((part) => /resuming this session|^do it$/.test(part))).toEqual([]);
    expect(argvs[0]).toContain("--resume");
    expect(argvs[1]).not.toContain("--resume");
    const text = (stream: string) => chunks.flatMap((chunk) => (chunk.stream === stream ? [chunk.text] : [])).join("");
    expect(text("system")).toBe(
      "[maestro] the agent has no conversation gone-1 to resume (its saved session is gone): starting it again with the whole prompt\n",
    );
    expect(text("stdout")).toMatch(/No conversation found with session ID: gone-1.*\nstarted afresh with: do it\n$/s);
  }, 15_000);
});
