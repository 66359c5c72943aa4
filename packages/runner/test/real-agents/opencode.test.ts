// OpenCode (pinned in clis.ts) as a Maestro session through its built-in Anthropic provider,
// pointed by its own config at a scripted stand-in of the Messages API on loopback: its JSON events
// are parsed, its edit lands, it reports through `maestro`, its own cost is kept, and a resumed
// session continues its own conversation (`run --session`).
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type World, startWorld } from "../world";
import { type AnthropicStandIn, type ToolCall, startAnthropicStandIn } from "./anthropic-stand-in";
import { OPENCODE_OFFLINE, makeOpencodeHome } from "./cli-homes";
import { ensureCli } from "./clis";
import { failThenResume, runNotesSession } from "./scripted-sessions";

const API_KEY = `anthropic-key-${process.pid}-never-logged`;
let standIn: AnthropicStandIn;
let world: World;
let home: string;

const write = (path: string, content: string): ToolCall => ({ name: "write", input: { filePath: path, content } });
const bash = (command: string): ToolCall => ({ name: "bash", input: { command, description: "Report to Maestro" } });

beforeAll(async () => {
  standIn = await startAnthropicStandIn();
  home = makeOpencodeHome(standIn.url);
  world = await startWorld({
    heartbeatMs: 60_000,
    env: { PATH: process.env.PATH, HOME: home, TMPDIR: home, ANTHROPIC_API_KEY: API_KEY, ...OPENCODE_OFFLINE },
  });
  await world.client.agent.add.mutate({
    name: "opencode-real",
    adapter: "opencode",
    command: [ensureCli("opencode")],
    model: "anthropic/claude-sonnet-4-5",
    envAllowlist: ["ANTHROPIC_API_KEY", ...Object.keys(OPENCODE_OFFLINE)],
  });
  // The script's paths name the project folder, which exists once the world does.
  standIn.script([
    // Session 1: write, report done through the real `maestro`, finish.
    {
      text: "I'll write the notes.",
      tools: [write(join(world.rootDir, "notes.md"), "# Notes\n")],
      usage: { input_tokens: 9_000, output_tokens: 40 },
    },
    {
      tools: [bash("maestro report done 'wrote notes.md'")],
      usage: { input_tokens: 200, cache_read_input_tokens: 9_000, output_tokens: 20 },
    },
    {
      text: "Done: notes.md is written.",
      usage: { input_tokens: 200, cache_read_input_tokens: 9_200, output_tokens: 12 },
    },
    // Session 2 fails on its second call; its resume continues the conversation and finishes.
    { tools: [write(join(world.rootDir, "todo.md"), "- [ ] half\n")] },
    { error: { status: 400, type: "invalid_request_error", message: "messages.1.content.0: unexpected block" } },
    { tools: [bash("maestro report done 'finished todo.md'")] },
    { text: "Finished." },
  ]);
}, 60_000);

afterAll(async () => {
  await world?.close();
  await standIn?.close();
  rmSync(home, { recursive: true, force: true });
});

describe("OpenCode as a Maestro session", { timeout: 60_000 }, () => {
  it("edits, reports through maestro, and keeps the cost OpenCode reports", async () => {
    const ended = await runNotesSession(world, "opencode-real");
    expect(ended).toMatchObject({ tokensIn: 27_600, tokensOut: 72, costIsEstimate: false });
    // OpenCode prices claude-sonnet-4-5 itself: $3 per million input, $0.30 cached, $15 output.
    expect(ended.costUsd).toBeCloseTo((9_400 * 3 + 18_200 * 0.3 + 72 * 15) / 1e6, 6);
    expect(ended.agentSessionId).toMatch(/^ses_/);
    const notes = join(world.rootDir, "notes.md");
    expect(await world.outputsOf(ended.id)).toEqual([
      { type: "message", text: "I'll write the notes." },
      { type: "tool_use", tool: "write", summary: notes, output: "Wrote file successfully." },
      { type: "file_edit", path: notes },
      {
        type: "tool_use",
        tool: "bash",
        summary: "maestro report done 'wrote notes.md'",
        exitCode: 0,
        output: expect.any(String),
      },
      { type: "message", text: "Done: notes.md is written." },
    ]);
    expect(standIn.turns()[0]!.headers["x-api-key"]).toBe(API_KEY);
    expect(await world.logText(ended.id)).not.toContain(API_KEY);
  });

  it("resumes its own conversation after a failure, with a short prompt saying why", async () => {
    const { first, argv, resumePrompt } = await failThenResume(world, "opencode-real");
    expect(argv[argv.indexOf("--session") + 1]).toBe(first.agentSessionId);
    // `opencode run` with no message argument: the prompt went on stdin (promptFed checks argv).
    expect(resumePrompt).toMatch(/^Maestro is resuming this session: it ended with an error/);
    // The resumed run's first call carries the earlier conversation: the task's prompt, the write, why it resumes.
    const history = JSON.stringify(standIn.turns()[5]!.body!.messages);
    expect(history).toContain(JSON.stringify(first.prompt.split("\n")[0]).slice(1, -1));
    expect(history).toMatch(/"type":"tool_use"[^}]*"name":"write"/);
    expect(history).toContain("Maestro is resuming this session");
  });
});
