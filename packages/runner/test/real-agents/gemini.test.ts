// Gemini CLI (pinned in clis.ts) as a Maestro session, talking only to a scripted stand-in of the
// Gemini API on loopback: its stream-json is parsed, its edit lands, it reports through `maestro`,
// its tokens are priced as an estimate, and a resumed session continues its own conversation.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type World, startWorld } from "../world";
import { makeGeminiHome } from "./cli-homes";
import { ensureCli } from "./clis";
import { type GeminiPart, type GeminiTurn, startGeminiApi } from "./gemini-api";
import { failThenResume, runNotesSession } from "./scripted-sessions";

const API_KEY = `gemini-key-${process.pid}-never-logged`;
let api: Awaited<ReturnType<typeof startGeminiApi>>;
let world: World;
let home: string;

const write = (path: string, content: string): GeminiPart => ({
  functionCall: { name: "write_file", args: { file_path: path, content } },
});
const shell = (command: string): GeminiPart => ({ functionCall: { name: "run_shell_command", args: { command } } });

beforeAll(async () => {
  // The script's paths name the project folder, which exists once the world does.
  const turns: GeminiTurn[] = [];
  api = await startGeminiApi(turns);
  home = makeGeminiHome();
  world = await startWorld({
    heartbeatMs: 60_000,
    env: { PATH: process.env.PATH, HOME: home, TMPDIR: home, GEMINI_API_KEY: API_KEY, GOOGLE_GEMINI_BASE_URL: api.url },
  });
  await world.client.agent.add.mutate({
    name: "gemini-real",
    adapter: "gemini",
    command: [ensureCli("gemini")],
    model: "gemini-2.5-pro",
    envAllowlist: ["GEMINI_API_KEY", "GOOGLE_GEMINI_BASE_URL"],
  });
  const notes = join(world.rootDir, "notes.md");
  turns.push(
    // Session 1: write, report done through the real `maestro`, finish.
    { parts: [{ text: "I'll write the notes." }, write(notes, "# Notes\n")], promptTokens: 8_000, outputTokens: 60 },
    {
      parts: [shell("maestro report done 'wrote notes.md'")],
      promptTokens: 8_200,
      cachedTokens: 8_000,
      outputTokens: 30,
    },
    { parts: [{ text: "Done: " }, { text: "notes.md is written." }], promptTokens: 8_400, cachedTokens: 8_200 },
    // Session 2 fails on its second call; its resume continues the conversation and finishes.
    { parts: [write(join(world.rootDir, "todo.md"), "- [ ] half\n")], promptTokens: 8_000 },
    { status: 400, error: { code: 400, status: "INVALID_ARGUMENT", message: "Request contains an invalid argument." } },
    { parts: [shell("maestro report done 'finished todo.md'")], promptTokens: 9_000 },
    { parts: [{ text: "Finished." }], promptTokens: 9_100 },
  );
}, 60_000);

afterAll(async () => {
  await world?.close();
  await api?.close();
  rmSync(home, { recursive: true, force: true });
});

describe("Gemini CLI as a Maestro session", { timeout: 60_000 }, () => {
  it("edits, reports through maestro, and has its tokens priced as an estimate", async () => {
    const ended = await runNotesSession(world, "gemini-real");
    expect(ended).toMatchObject({ tokensIn: 24_600, tokensOut: 140, costIsEstimate: true });
    // gemini-2.5-pro: $1.25 per million input, $0.125 cached, $10 output.
    expect(ended.costUsd).toBeCloseTo((8_400 * 1.25 + 16_200 * 0.125 + 140 * 10) / 1e6, 10);
    expect(ended.agentSessionId).toMatch(/^[0-9a-f-]{36}$/);
    const notes = join(world.rootDir, "notes.md");
    expect(await world.outputsOf(ended.id)).toEqual([
      { type: "message", text: "I'll write the notes." },
      { type: "tool_use", tool: "write_file", summary: notes },
      { type: "file_edit", path: notes },
      {
        type: "tool_use",
        tool: "run_shell_command",
        summary: "maestro report done 'wrote notes.md'",
        output: expect.any(String),
      },
      { type: "message", text: "Done: notes.md is written." },
    ]);
    expect(api.turns()[0]!.apiKey).toBe(API_KEY);
    const log = await world.logText(ended.id);
    expect(log).toContain('"type":"init"');
    expect(log).not.toContain(API_KEY);
    const manifest = await world.client.session.manifest.query({ id: ended.id });
    expect(manifest.argv?.slice(1, 8)).toEqual([
      "--output-format",
      "stream-json",
      "--skip-trust",
      "--approval-mode",
      "auto_edit",
      "--allowed-tools",
      "run_shell_command(maestro)",
    ]);
  });

  it("resumes its own conversation after a failure, with a short prompt saying why", async () => {
    const { first, argv, resumePrompt } = await failThenResume(world, "gemini-real");
    expect(argv[argv.indexOf("--resume") + 1]).toBe(first.agentSessionId);
    // The resumed run's first call carries the earlier conversation: the task's whole prompt and
    // the write it made, then the short prompt saying why it resumes.
    const history = api.turns()[5]!.body.contents as Array<{ role: string; parts: Array<Record<string, unknown>> }>;
    const contents = JSON.stringify(history);
    // The prompt went on stdin (no --prompt at all).
    expect(resumePrompt).toMatch(/^Maestro is resuming this session: it ended with an error/);
    expect(argv.some((part) => part === "-p" || part.startsWith("--prompt"))).toBe(false);
    expect(contents).toContain(JSON.stringify(first.prompt).slice(1, -1));
    const calls = history.flatMap((entry) =>
      entry.parts.flatMap((part) => (part.functionCall ? [part.functionCall] : [])),
    );
    expect(calls).toContainEqual(expect.objectContaining({ name: "write_file" }));
    expect(contents).toContain("Maestro is resuming this session");
  });
});
