// The real Codex CLI as a Maestro session: a real server and runner (world.ts), Codex pointed at
// a Responses API stand-in on loopback, throw-away HOME and CODEX_HOME, a canary API key.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type World, startWorld } from "../world";
import { CLI_CACHE, REAL_CLIS, ensureCli } from "./clis";
import { type ResponsesStandIn, type Turn, startResponsesStandIn } from "./responses-stand-in";

/**
 * Codex ignores OPENAI_BASE_URL: the stand-in is a provider of its own. Plugins (a `git
 * ls-remote` of github.com/openai/plugins) and analytics (ab.chatgpt.com) are turned off, so
 * Codex reaches nothing but the stand-in.
 */
export function standInArgs(baseUrl: string): string[] {
  return [
    ...["-c", "model_provider=standin", "-c", "model_providers.standin.name=stand-in"],
    ...["-c", `model_providers.standin.base_url=${baseUrl}`, "-c", "model_providers.standin.wire_api=responses"],
    ...["-c", "model_providers.standin.env_key=OPENAI_API_KEY"],
    ...["--disable", "plugins", "-c", "analytics.enabled=false"],
  ];
}

export interface CodexWorld {
  world: World;
  standIn: ResponsesStandIn;
  /** The API key the agent is given: it must show up nowhere but in the stand-in's requests. */
  canary: string;
  /** Adds a `codex` profile that runs the pinned CLI against the stand-in. */
  addProfile(name: string, options?: { model?: string; permissionMode?: string }): Promise<void>;
  /** Marks `dir` trusted in this Codex home, as `codex` does when a person answers its trust prompt. */
  trust(dir: string): void;
  close(): Promise<void>;
}

/** Throw-away Codex homes, beside the CLI cache. */
const CODEX_HOMES = join(dirname(CLI_CACHE), "codex-homes");

export async function startCodexWorld(...script: Turn[]): Promise<CodexWorld> {
  const codex = ensureCli("codex");
  const standIn = await startResponsesStandIn(...script);
  // Not under /tmp: Codex refuses to put its sandbox helper (codex-linux-sandbox, which a system
  // bwrap execs) under a temporary folder, and with bubblewrap installed every command then fails.
  mkdirSync(CODEX_HOMES, { recursive: true });
  const agentHome = mkdtempSync(join(CODEX_HOMES, "home-"));
  const codexHome = join(agentHome, ".codex");
  mkdirSync(codexHome);
  // A TMPDIR of its own beside (not above) CODEX_HOME, which must not be inside a temporary folder.
  const agentTmp = join(agentHome, "tmp");
  mkdirSync(agentTmp);
  const canary = `sk-canary-${randomBytes(12).toString("hex")}`;
  // The runner's environment, as a user's would hold it; the profile lets the key and CODEX_HOME through.
  // TMPDIR too, or Codex keeps its sandbox's and daemon's folders under /tmp.
  const env = { PATH: process.env.PATH, HOME: agentHome, TMPDIR: agentTmp, LANG: "C.UTF-8", TZ: process.env.TZ };
  const world = await startWorld({ env: { ...env, CODEX_HOME: codexHome, OPENAI_API_KEY: canary } });
  return {
    world,
    standIn,
    canary,
    addProfile: async (name, options = {}) => {
      await world.client.agent.add.mutate({
        name,
        adapter: "codex",
        command: [codex],
        model: options.model ?? "gpt-5.5",
        permissionMode: options.permissionMode ?? null,
        args: standInArgs(standIn.baseUrl),
        envAllowlist: ["OPENAI_API_KEY", "CODEX_HOME", "TZ"],
      });
    },
    trust: (dir) => {
      writeFileSync(join(codexHome, "config.toml"), `[projects.${JSON.stringify(dir)}]\ntrust_level = "trusted"\n`, {
        flag: "a",
      });
    },
    close: async () => {
      await world.close();
      await standIn.close();
      rmSync(agentHome, { recursive: true, force: true });
    },
  };
}

/** Every file under `dir` whose bytes contain `text` (the database, its WAL, prompts, logs). */
export function filesContaining(dir: string, text: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isFile() && readFileSync(path).includes(text) ? [path] : [];
  });
}

const TRANSCRIPTS = fileURLToPath(new URL("../fixtures/codex-transcripts/", import.meta.url));

/**
 * With MAESTRO_CAPTURE_TRANSCRIPTS=1, writes what the real CLI printed to the fixtures the fake
 * replays and the parser's tests read, its working directory written as `$CWD`.
 */
export function captureTranscript(name: string, stdout: string, cwd: string): void {
  if (process.env.MAESTRO_CAPTURE_TRANSCRIPTS !== "1") return;
  mkdirSync(TRANSCRIPTS, { recursive: true });
  const file = join(TRANSCRIPTS, `${name}.jsonl`);
  writeFileSync(file, stdout.replaceAll(cwd, "$CWD"));
  writeFileSync(join(TRANSCRIPTS, "VERSION"), `${REAL_CLIS.codex.version}\n`);
}
