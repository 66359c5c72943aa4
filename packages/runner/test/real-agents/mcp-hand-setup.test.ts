// What `maestro mcp config --agent claude-code` prints, pasted as a person would: the real Claude
// Code, run by hand (not as a session), then reaches Maestro through it with the owner's token.
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { MAESTRO_BIN } from "../world";
import type { RecordedRequest } from "./anthropic-stand-in";
import { OFFLINE_SWITCHES, finalText } from "./claude-code";
import { useClaudeWorld } from "./claude-world";

const claudeWorld = useClaudeWorld();

let personHome: string | undefined;
afterEach(() => {
  if (personHome) rmSync(personHome, { recursive: true, force: true });
});

// Never the sync variants: the server and the stand-in answer from this very process.
const run = promisify(execFile);

/** Runs `command` with `input` on its stdin; resolves with its stdout once it exits 0. */
function runWithInput(command: string, args: string[], options: { env: NodeJS.ProcessEnv; input: string }) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${command} exited ${code}: ${stderr}`)),
    );
    child.stdin.end(options.input);
  });
}

/** Every tool result a turn carries (the conversation so far). */
function toolResultsText(request: RecordedRequest): string {
  const messages = (request.body?.messages ?? []) as Array<{ content: unknown }>;
  const blocks = messages.flatMap((message) => (Array.isArray(message.content) ? message.content : []));
  return JSON.stringify(blocks.filter((block: { type?: string }) => block.type === "tool_result"));
}

describe("the hand setup maestro mcp config prints", { timeout: 60_000 }, () => {
  it("added with `claude mcp add`, gives a person's Claude Code Maestro's tools, as the owner", async () => {
    const { world, standIn, claude, apiKey } = claudeWorld();
    personHome = mkdtempSync(join(tmpdir(), "maestro-person-home-"));
    const path = `${dirname(claude)}:${process.env.PATH}`;
    // The person's shell knows where Maestro keeps its token (this world's home), and no MAESTRO_TOKEN.
    const printed = await run(
      process.execPath,
      [MAESTRO_BIN, "mcp", "config", "--agent", "claude-code", "--tools", "all", "--url", world.server.url, "--json"],
      { env: { PATH: path, HOME: personHome, MAESTRO_HOME: world.home } },
    );
    const { addCommand } = JSON.parse(printed.stdout) as { addCommand: string };
    await run("sh", ["-c", addCommand], { env: { PATH: path, HOME: personHome } });

    const from = standIn.turns().length;
    standIn.script([{ tools: [{ name: "mcp__maestro__list_projects", input: {} }] }, finalText()]);
    const env = {
      ...{ PATH: path, HOME: personHome, TMPDIR: personHome, LANG: "C.UTF-8", ...OFFLINE_SWITCHES },
      ...{ ANTHROPIC_BASE_URL: standIn.url, ANTHROPIC_API_KEY: apiKey },
    };
    const args = ["-p", "--output-format", "stream-json", "--verbose", "--allowedTools=mcp__maestro__list_projects"];
    const stdout = await runWithInput(claude, args, { env, input: "Which projects are there?" });

    // A user-scope server (still connecting when the run starts), the only one.
    const init = JSON.parse(stdout.split("\n")[0]!) as { mcp_servers: unknown };
    expect(init.mcp_servers).toEqual([expect.objectContaining({ name: "maestro", source: "user" })]);
    // The owner sees every project: the world's own, by key.
    const answered = toolResultsText(standIn.turns()[from + 1]!);
    expect(answered).toContain('\\"key\\":\\"RUN\\"');
    expect(answered).not.toContain('is_error":true');
  });
});
