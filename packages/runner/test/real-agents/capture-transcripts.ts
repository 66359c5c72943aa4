// Captures what the pinned Gemini CLI and OpenCode print against the scripted stand-ins, into the
// transcripts the domain's parser tests are pinned to. Run after changing a pin in clis.ts:
//   pnpm exec tsx test/real-agents/capture-transcripts.ts
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Turn, startAnthropicStandIn } from "./anthropic-stand-in";
import { OPENCODE_OFFLINE, makeGeminiHome, makeOpencodeHome } from "./cli-homes";
import { REAL_CLIS, ensureCli } from "./clis";
import { type GeminiTurn, startGeminiApi } from "./gemini-api";

const OUT = fileURLToPath(new URL("../../../domain/test/transcripts/", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "maestro-capture-"));

/**
 * Runs a CLI to its end (asynchronously: the stand-in answers from this same process), in its
 * throw-away HOME, which is its TMPDIR too.
 */
function run(argv: string[], cwd: string, env: Record<string, string> & { HOME: string }): Promise<string> {
  const [bin, ...args] = argv;
  const fullEnv = { PATH: process.env.PATH!, TMPDIR: env.HOME, ...env };
  return new Promise((resolve) => {
    const child = execFile(bin!, args, { cwd, env: fullEnv, timeout: 60_000 }, (_e, out) => resolve(String(out)));
    child.stdin?.end();
  });
}

/** Temporary folders and loopback ports replaced, so the transcript reads the same every time. */
function save(name: string, text: string, cwd: string): void {
  const clean = text.replaceAll(cwd, "/work/repo").replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:4100");
  writeFileSync(join(OUT, name), clean);
}

async function withApi<T extends { url: string; close(): Promise<void> }>(
  api: Promise<T>,
  use: (api: T) => Promise<void>,
) {
  const started = await api;
  try {
    await use(started);
  } finally {
    await started.close();
  }
}

async function captureGemini(): Promise<void> {
  const home = makeGeminiHome(scratch);
  const cwd = mkdtempSync(join(scratch, "gemini-work-"));
  const argv = [ensureCli("gemini"), "--output-format", "stream-json", "--skip-trust", "--approval-mode", "yolo"];
  const args = [...argv, "--model", "gemini-2.5-pro", "--prompt", "Write notes.md"];
  const call = (name: string, args: Record<string, unknown>) => ({ functionCall: { name, args } });
  const work: GeminiTurn[] = [
    {
      parts: [
        { text: "I'll create the notes file." },
        call("write_file", { file_path: join(cwd, "notes.md"), content: "# Notes\n" }),
      ],
      promptTokens: 5200,
      outputTokens: 40,
    },
    {
      parts: [call("run_shell_command", { command: "ls notes.md", description: "Check the file" })],
      promptTokens: 5400,
      cachedTokens: 5000,
      outputTokens: 20,
    },
    {
      parts: [
        call("replace", { file_path: join(cwd, "missing.md"), old_string: "a", new_string: "b", instruction: "fix" }),
      ],
      promptTokens: 5600,
      cachedTokens: 5200,
      outputTokens: 30,
    },
    {
      parts: [{ text: "Done: " }, { text: "notes.md is written." }],
      promptTokens: 5800,
      cachedTokens: 5400,
      outputTokens: 12,
    },
  ];
  const version = REAL_CLIS.gemini.version;
  await withApi(startGeminiApi(work), async (api) => {
    save(
      `gemini-${version}-success.jsonl`,
      await run(args, cwd, { HOME: home, GEMINI_API_KEY: "k", GOOGLE_GEMINI_BASE_URL: api.url }),
      cwd,
    );
  });
  const quota = {
    code: 429,
    status: "RESOURCE_EXHAUSTED",
    message: "You exceeded your current quota, please check your plan and billing details.",
  };
  const perDay = {
    "@type": "type.googleapis.com/google.rpc.QuotaFailure",
    violations: [{ quotaId: "GenerateRequestsPerDayPerProjectPerModel-FreeTier" }],
  };
  await withApi(startGeminiApi([{ status: 429, error: { ...quota, details: [perDay] } }]), async (api) => {
    save(
      `gemini-${version}-quota.jsonl`,
      await run(args, cwd, { HOME: home, GEMINI_API_KEY: "k", GOOGLE_GEMINI_BASE_URL: api.url }),
      cwd,
    );
  });
}

async function captureOpencode(): Promise<void> {
  const cwd = mkdtempSync(join(scratch, "opencode-work-"));
  const args = [
    ensureCli("opencode"),
    "run",
    "--format",
    "json",
    "--model",
    "anthropic/claude-sonnet-4-5",
    "Write notes.md",
  ];
  const version = REAL_CLIS.opencode.version;
  const capture = async (name: string, turns: Turn[]) =>
    withApi(startAnthropicStandIn(), async (api) => {
      api.script(turns);
      const env = { HOME: makeOpencodeHome(api.url, scratch), ANTHROPIC_API_KEY: "k", ...OPENCODE_OFFLINE };
      save(`opencode-${version}-${name}.jsonl`, await run(args, cwd, env), cwd);
    });
  await capture("success", [
    {
      text: "I'll write the notes.",
      tools: [{ name: "write", input: { filePath: join(cwd, "notes.md"), content: "# Notes\n" } }],
      usage: { input_tokens: 9000, output_tokens: 40 },
    },
    {
      tools: [{ name: "bash", input: { command: "ls notes.md; exit 3", description: "Check the file" } }],
      usage: { input_tokens: 200, cache_read_input_tokens: 9000, output_tokens: 20 },
    },
    {
      tools: [{ name: "read", input: { filePath: join(cwd, "missing.md") } }],
      usage: { input_tokens: 200, cache_read_input_tokens: 9200, output_tokens: 20 },
    },
    {
      text: "Done: notes.md is written.",
      usage: { input_tokens: 200, cache_read_input_tokens: 9400, output_tokens: 12 },
    },
  ]);
  const limit = "You have reached your specified API usage limits. You will regain access on 2027-01-01 at 00:00 UTC.";
  await capture("limit", [{ error: { status: 400, type: "invalid_request_error", message: limit } }]);
  await capture("auth", [{ error: { status: 401, type: "authentication_error", message: "invalid x-api-key" } }]);
}

try {
  await captureGemini();
  await captureOpencode();
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
