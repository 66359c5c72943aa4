// OpenCode (pinned in clis.ts) as a Maestro session through its built-in Anthropic provider,
// pointed by its own config at a scripted stand-in of the Messages API on loopback: its JSON events
// are parsed, its edit lands, it reports through `maestro`, its own cost is kept, and a resumed
// session continues its own conversation (`run --session`).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type World, startWorld } from "../world";
import { type AnthropicTurn, startAnthropicApi } from "./anthropic-api";
import { ensureCli } from "./clis";
import { sessionOutputs } from "./session-outputs";

const API_KEY = `anthropic-key-${process.pid}-never-logged`;
let api: Awaited<ReturnType<typeof startAnthropicApi>>;
let world: World;
let home: string;

beforeAll(async () => {
  const turns: AnthropicTurn[] = [];
  api = await startAnthropicApi(turns);
  home = mkdtempSync(join(tmpdir(), "maestro-opencode-home-"));
  mkdirSync(join(home, ".config", "opencode"), { recursive: true });
  const config = {
    autoupdate: false,
    share: "disabled",
    provider: { anthropic: { options: { baseURL: `${api.url}/v1` } } },
  };
  writeFileSync(join(home, ".config", "opencode", "opencode.json"), JSON.stringify(config));
  // OpenCode otherwise fetches the models.dev catalogue and looks its plugin packages up on npm.
  const quiet = { OPENCODE_DISABLE_MODELS_FETCH: "1", OPENCODE_DISABLE_AUTOUPDATE: "1", npm_config_offline: "true" };
  world = await startWorld({
    heartbeatMs: 60_000,
    env: { PATH: process.env.PATH, HOME: home, TMPDIR: home, ANTHROPIC_API_KEY: API_KEY, ...quiet },
  });
  await world.client.agent.add.mutate({
    name: "opencode-real",
    adapter: "opencode",
    command: [ensureCli("opencode")],
    model: "anthropic/claude-sonnet-4-5",
    envAllowlist: ["ANTHROPIC_API_KEY", ...Object.keys(quiet)],
  });
  const bash = (command: string) => ({ tool: "bash", input: { command, description: "Report to Maestro" } });
  turns.push(
    // Session 1: write, report done through the real `maestro`, finish.
    {
      blocks: [
        { text: "I'll write the notes." },
        { tool: "write", input: { filePath: join(world.rootDir, "notes.md"), content: "# Notes\n" } },
      ],
      inputTokens: 9_000,
      outputTokens: 40,
    },
    {
      blocks: [bash("maestro report done 'wrote notes.md'")],
      inputTokens: 200,
      cacheReadTokens: 9_000,
      outputTokens: 20,
    },
    { blocks: [{ text: "Done: notes.md is written." }], inputTokens: 200, cacheReadTokens: 9_200, outputTokens: 12 },
    // Session 2 fails on its second call; its resume continues the conversation and finishes.
    { blocks: [{ tool: "write", input: { filePath: join(world.rootDir, "todo.md"), content: "- [ ] half\n" } }] },
    { status: 400, error: { type: "invalid_request_error", message: "messages.1.content.0: unexpected block" } },
    { blocks: [bash("maestro report done 'finished todo.md'")] },
    { blocks: [{ text: "Finished." }] },
  );
}, 60_000);

afterAll(async () => {
  await world?.close();
  await api?.close();
  rmSync(home, { recursive: true, force: true });
});

describe("OpenCode as a Maestro session", { timeout: 60_000 }, () => {
  it("edits, reports through maestro, and keeps the cost OpenCode reports", async () => {
    const session = await world.runTask("opencode-real", "write the notes");
    const ended = await world.waitForEnd(session.id, 40_000);
    expect(ended).toMatchObject({
      status: "succeeded",
      exitCode: 0,
      lastReport: "wrote notes.md",
      tokensIn: 27_600,
      tokensOut: 72,
      costIsEstimate: false,
    });
    // OpenCode prices claude-sonnet-4-5 itself: $3 per million input, $0.30 cached, $15 output.
    expect(ended.costUsd).toBeCloseTo((9_400 * 3 + 18_200 * 0.3 + 72 * 15) / 1e6, 6);
    expect(ended.agentSessionId).toMatch(/^ses_/);
    expect(readFileSync(join(world.rootDir, "notes.md"), "utf8")).toBe("# Notes\n");
    expect((await world.client.task.byId.query({ id: session.taskIds[0]! })).status).toBe("done");
    const notes = join(world.rootDir, "notes.md");
    expect(await sessionOutputs(world, session.id)).toEqual([
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
    expect(api.turns()[0]!.apiKey).toBe(API_KEY);
    expect(await world.logText(session.id)).not.toContain(API_KEY);
  });

  it("resumes its own conversation after a failure, with a short prompt saying why", async () => {
    const first = await world.waitForEnd((await world.runTask("opencode-real", "write the todo")).id, 40_000);
    expect(first).toMatchObject({ status: "failed" });
    expect(existsSync(join(world.rootDir, "todo.md"))).toBe(true);
    const resumed = await world.client.session.resume.mutate({ id: first.id });
    const second = await world.waitForEnd(resumed.id, 40_000);
    expect(second).toMatchObject({ status: "succeeded", lastReport: "finished todo.md", resumedFromId: first.id });
    expect(second.agentSessionId).toBe(first.agentSessionId);
    const manifest = await world.client.session.manifest.query({ id: second.id });
    expect(manifest.argv).toEqual(expect.arrayContaining(["--session", first.agentSessionId!]));
    expect(manifest.argv?.at(-1)).toMatch(/^Maestro is resuming this session: it ended with an error/);
    // The resumed run's first call carries the earlier conversation: the task's prompt, the write, why it resumes.
    const history = JSON.stringify(api.turns()[5]!.body.messages);
    expect(history).toContain(JSON.stringify(first.prompt.split("\n")[0]).slice(1, -1));
    expect(history).toMatch(/"type":"tool_use"[^}]*"name":"write"/);
    expect(history).toContain("Maestro is resuming this session");
  });
});
