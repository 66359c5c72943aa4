// What `maestro mcp config --agent claude-code` prints, pasted as a person would: the real Claude
// Code, run by hand (not as a session), then reaches Maestro through it with the owner's token.
import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { MAESTRO_BIN } from "../world";
import type { RecordedRequest } from "./anthropic-stand-in";
import { OFFLINE_SWITCHES, finalText } from "./claude-code";
import { useClaudeWorld } from "./claude-world";
import { ensureCli } from "./clis";
import { type CodexWorld, standInArgs, startCodexWorld } from "./codex-world";

const claudeWorld = useClaudeWorld();

let personHome: string | undefined;
let codex: CodexWorld | undefined;
afterEach(async () => {
  if (personHome) rmSync(personHome, { recursive: true, force: true });
  await codex?.close();
  codex = undefined;
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

/** `maestro mcp config` as a person runs it: their PATH and HOME, and where Maestro keeps its token. */
async function printSetup(world: { home: string; server: { url: string } }, env: NodeJS.ProcessEnv, agent: string) {
  const argv = ["mcp", "config", "--agent", agent, "--tools", "all", "--url", world.server.url];
  return (await run(process.execPath, [MAESTRO_BIN, ...argv], { env: { ...env, MAESTRO_HOME: world.home } })).stdout;
}

describe("the hand setups maestro mcp config prints", { timeout: 60_000 }, () => {
  it("added with `claude mcp add`, gives a person's Claude Code Maestro's tools, as the owner", async () => {
    const { world, standIn, claude, apiKey } = claudeWorld();
    personHome = mkdtempSync(join(tmpdir(), "maestro-person-home-"));
    const path = `${dirname(claude)}:${process.env.PATH}`;
    // The person's shell knows where Maestro keeps its token (this world's home), and no MAESTRO_TOKEN.
    const printed = await printSetup(world, { PATH: path, HOME: personHome }, "claude-code");
    const addCommand = printed.split("\n").find((line) => line.startsWith("claude mcp add "))!;
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

  it("appended to Codex's config.toml, gives a person's Codex Maestro's tools, as the owner", async () => {
    codex = await startCodexWorld(
      { kind: "answer", items: [{ type: "function", namespace: "mcp__maestro", name: "list_projects", args: {} }] },
      { kind: "answer", items: [{ type: "message", text: "Listed." }] },
    );
    const { world, standIn, canary } = codex;
    personHome = mkdtempSync(join(tmpdir(), "maestro-person-home-"));
    const codexHome = join(personHome, ".codex");
    mkdirSync(codexHome);
    writeFileSync(join(codexHome, "config.toml"), await printSetup(world, { PATH: process.env.PATH }, "codex"));

    // `required`: `codex exec` would otherwise start its one turn before the server is up.
    const args = ["exec", "--json", "--skip-git-repo-check", ...standInArgs(standIn.baseUrl)];
    const env = { PATH: process.env.PATH, HOME: personHome, CODEX_HOME: codexHome, OPENAI_API_KEY: canary };
    const stdout = await runWithInput(ensureCli("codex"), [...args, "-c", "mcp_servers.maestro.required=true", "-"], {
      env,
      input: "Which projects are there?",
    });
    const calls = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; item?: Record<string, unknown> })
      .filter((event) => event.type === "item.completed" && event.item?.type === "mcp_tool_call");
    expect(calls).toEqual([
      expect.objectContaining({ item: expect.objectContaining({ tool: "list_projects", status: "completed" }) }),
    ]);
    expect(JSON.stringify(calls[0]!.item!.result)).toContain('\\"key\\":\\"RUN\\"');
  });
});
