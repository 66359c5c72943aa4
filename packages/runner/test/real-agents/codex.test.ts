// The pinned real Codex CLI run as Maestro sessions, against a scripted Responses API stand-in.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EDIT_SCRIPT, editRunOutputs } from "./codex-edit-run";
import { type CodexWorld, captureTranscript, filesContaining, startCodexWorld } from "./codex-world";
import type { Turn } from "./responses-stand-in";
import { promptFed } from "./scripted-sessions";

let codex: CodexWorld | undefined;
afterEach(async () => {
  await codex?.close();
  codex = undefined;
});

const say = (text: string): Turn => ({ kind: "answer", items: [{ type: "message", text }] });
const shell = (command: string): Turn => ({ kind: "answer", items: [{ type: "shell", command }] });

// Each test's timeout is well above its own waits (two of 25 s at the most); the whole file runs
// in about 20 s here.
describe("the real Codex CLI as a Maestro session", { timeout: 60_000 }, () => {
  it("edits its working directory, reports through maestro, shows a failed command, and keeps the key out of everything", async () => {
    codex = await startCodexWorld(...EDIT_SCRIPT);
    const { world, standIn, canary } = codex;
    await codex.addProfile("codex-real");
    const session = await world.runTask("codex-real", "write the notes");
    const ended = await world.waitForEnd(session.id, 25_000);
    captureTranscript("edit", await world.logText(session.id, "stdout"), world.rootDir);

    expect(ended).toMatchObject({ status: "succeeded", exitCode: 0, lastReport: "wrote notes.md" });
    expect((await world.client.task.byId.query({ id: session.taskIds[0]! })).status).toBe("done");
    expect(readFileSync(join(world.rootDir, "notes.md"), "utf8")).toBe("edited by codex\n");
    expect(readFileSync(join(world.rootDir, "app.ts"), "utf8")).toBe("export {};\n");
    expect(await world.outputsOf(session.id)).toEqual(editRunOutputs(world.rootDir));
    // Five responses of 1,000 tokens in and 50 out, as the stand-in counted them.
    expect(ended).toMatchObject({ tokensIn: 5_000, tokensOut: 250 });
    expect(ended.agentSessionId).toMatch(/^[0-9a-f-]{36}$/);

    const requests = standIn.requests;
    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual(Array(5).fill("POST /v1/responses"));
    expect(requests[0]!.headers.authorization).toBe(`Bearer ${canary}`);
    expect(requests[0]!.body).toMatchObject({ model: "gpt-5.5", stream: true });
    expect(filesContaining(world.home, canary)).toEqual([]);
    expect(await world.logText(session.id)).not.toContain(canary);
    expect(JSON.stringify(await world.outputsOf(session.id))).not.toContain(canary);
  });

  it("runs a plan-mode profile in Codex's read-only sandbox: the same edit is refused", async () => {
    codex = await startCodexWorld(shell("printf 'edited by codex\\n' > notes.md"), say("I could not write."));
    const { world, standIn } = codex;
    await codex.addProfile("codex-plan", { permissionMode: "plan" });
    const session = await world.runTask("codex-plan", "try to write");
    expect(await world.waitForEnd(session.id, 25_000)).toMatchObject({ status: "succeeded" });
    expect(existsSync(join(world.rootDir, "notes.md"))).toBe(false);
    const [, second] = standIn.responseRequests();
    expect(JSON.stringify(second!.body)).toContain("notes.md: Read-only file system");
  });

  it("tells reconnect notices and warnings from errors", async () => {
    // gpt-5-codex is not in Codex 0.171's model catalog: it warns, and goes on with defaults.
    codex = await startCodexWorld({ kind: "disconnect" }, { kind: "disconnect" }, say("Done after reconnecting."));
    const { world } = codex;
    await codex.addProfile("codex-flaky", { model: "gpt-5-codex" });
    const session = await world.runTask("codex-flaky", "keep going");
    expect(await world.waitForEnd(session.id, 25_000)).toMatchObject({ status: "succeeded", error: null });
    captureTranscript("reconnect", await world.logText(session.id, "stdout"), world.rootDir);
    const disconnected = "(stream disconnected before completion: stream closed before response.completed)";
    expect(await world.outputsOf(session.id)).toEqual([
      {
        type: "warning",
        message:
          "Model metadata for `gpt-5-codex` not found. Defaulting to fallback metadata; this can degrade performance and cause issues.",
      },
      { type: "notice", message: `Reconnecting... 1/5 ${disconnected}` },
      { type: "notice", message: `Reconnecting... 2/5 ${disconnected}` },
      { type: "message", text: "Done after reconnecting." },
    ]);
  });

  it("waits out a usage limit until the time Codex names", async () => {
    // Two hours on, in whole seconds as the API sends it; Codex prints it to the minute.
    const resetsAt = Math.floor(Date.now() / 1000) + 2 * 3600;
    codex = await startCodexWorld({ kind: "usage_limit", resetsAt, planType: "plus" });
    const { world } = codex;
    await codex.addProfile("codex-limited");
    const session = await world.runTask("codex-limited", "hit the limit");
    const waiting = await world.waitFor(
      () => world.client.session.byId.query({ id: session.id }),
      (current) => current.status !== "queued" && current.status !== "starting" && current.status !== "running",
      25_000,
    );
    captureTranscript("usage-limit", await world.logText(session.id, "stdout"), world.rootDir);
    // The end of the printed minute: the limit has surely reset by then.
    const resetAt = new Date((Math.floor(resetsAt / 60) + 1) * 60_000).toISOString();
    expect(waiting).toMatchObject({ status: "waiting", exitCode: 1 });
    const outputs = await world.outputsOf(session.id);
    expect(outputs).toEqual([
      { type: "usage_limit", message: expect.stringMatching(/^You’ve hit your usage limit\. Upgrade to Pro/), resetAt },
    ]);
    const status = await world.client.autopilot.status.query({ projectId: "RUN" });
    expect(status.limits.agents.find((agent) => agent.agent === "codex-limited")?.pausedUntil).toBe(resetAt);
  });

  it("resumes a failed session in Codex's own conversation: the first request carries it, with the short resume prompt", async () => {
    codex = await startCodexWorld(
      shell("printf 'first run\\n' > notes.md"),
      { kind: "fail", status: 400, message: "The scripted turn fails." },
      say("Picked up where I left off."),
    );
    const { world, standIn } = codex;
    await codex.addProfile("codex-resume");
    const first = await world.runTask("codex-resume", "write, then fail");
    const failed = await world.waitForEnd(first.id, 25_000);
    expect(failed).toMatchObject({ status: "failed", exitCode: 1 });
    // Codex prints the failure twice (error, then turn.failed): it is one error, with the API's message.
    const errors = (await world.outputsOf(first.id)).filter((event) => event.type === "error");
    expect(errors).toEqual([{ type: "error", message: "The scripted turn fails." }]);

    const resumed = await world.client.session.resume.mutate({ id: first.id });
    const ended = await world.waitForEnd(resumed.id, 25_000);
    captureTranscript("resume", await world.logText(resumed.id, "stdout"), world.rootDir);
    expect(ended).toMatchObject({ status: "succeeded", agentSessionId: failed.agentSessionId, cwd: failed.cwd });
    const manifest = await world.client.session.manifest.query({ id: resumed.id });
    const argv = manifest.argv ?? [];
    // `exec … resume <id> -`: the resume prompt went on stdin.
    const resumePrompt = await promptFed(world, resumed.id);
    expect(argv.slice(-3)).toEqual(["resume", failed.agentSessionId, "-"]);
    expect(resumePrompt).toMatch(/^Maestro is resuming this session: it ended with an error: exited with code 1\./);

    const request = standIn.responseRequests()[2]!;
    expect(request.headers["thread-id"]).toBe(failed.agentSessionId);
    const input = (request.body as { input: Array<Record<string, unknown>> }).input;
    const userText = (item: Record<string, unknown>) =>
      item.role === "user" ? (item.content as Array<{ text?: string }>)[0]?.text : undefined;
    // The earlier conversation in order (the task's prompt, the edit, its result), the resume prompt last.
    const promptAt = input.findIndex((item) => userText(item) === first.prompt);
    const callAt = input.findIndex(
      (item) => item.type === "function_call" && String(item.arguments).includes("first run"),
    );
    const resultAt = input.findIndex((item) => item.type === "function_call_output");
    expect(promptAt).toBeGreaterThan(-1);
    expect(callAt).toBeGreaterThan(promptAt);
    expect(resultAt).toBeGreaterThan(callAt);
    expect(userText(input.at(-1)!)).toBe(resumePrompt);
    expect(input.filter((item) => userText(item)?.includes(`<cwd>${world.rootDir}</cwd>`))).not.toHaveLength(0);
  });
});
