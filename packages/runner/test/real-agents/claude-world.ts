// A Maestro server and runner whose Claude Code profiles run the real, pinned CLI against an
// Anthropic API stand-in, in a throw-away HOME, with secrets that must never be stored.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { type World, startWorld } from "../world";
import { type AnthropicStandIn, startAnthropicStandIn } from "./anthropic-stand-in";
import { OFFLINE_SWITCHES, allowlist, pinTranscript, shapeOf } from "./claude-code";
import { ensureCli } from "./clis";

export interface ClaudeWorld {
  world: World;
  standIn: AnthropicStandIn;
  /** The real CLI's executable. */
  claude: string;
  /** Claude Code's HOME (its settings and saved conversations). */
  claudeHome: string;
  apiKey: string;
  oauthToken: string;
  /** Neither secret in the logs, the events, the sessions or any byte of the database. */
  expectNoSecretStored(): Promise<void>;
  /** Checks a session's stdout against its committed transcript (see pinTranscript). */
  pin(name: string, transcript: string, where: { cwd: string; sessionId: string }): void;
  close(): Promise<void>;
}

/**
 * Two profiles of the real CLI: `claude` with an API key, `claude-sub` on a Claude subscription
 * (whose usage limits come with their reset time). Each passes on only its own credential.
 */
export async function startClaudeWorld(): Promise<ClaudeWorld> {
  const claude = ensureCli("claude-code");
  const standIn = await startAnthropicStandIn();
  const claudeHome = mkdtempSync(join(tmpdir(), "maestro-claude-home-"));
  const apiKey = `sk-ant-api03-canary-${randomBytes(12).toString("hex")}`;
  const oauthToken = `sk-ant-oat01-canary-${randomBytes(12).toString("hex")}`;
  // The runner's environment, as a user would set it; TMPDIR too, or Claude Code leaves a
  // folder per run and working directory under /tmp/claude-<uid>.
  const env = {
    ...{ PATH: process.env.PATH, HOME: claudeHome, TMPDIR: claudeHome, LANG: "C.UTF-8", SHELL: "/bin/bash" },
    ...{ ANTHROPIC_BASE_URL: standIn.url, ANTHROPIC_API_KEY: apiKey, CLAUDE_CODE_OAUTH_TOKEN: oauthToken },
    ...OFFLINE_SWITCHES,
  };
  const world = await startWorld({ env });
  const add = (name: string, credential: Parameters<typeof allowlist>[0]) =>
    world.client.agent.add.mutate({
      name,
      adapter: "claude-code",
      command: [claude],
      envAllowlist: allowlist(credential),
    });
  await add("claude", "ANTHROPIC_API_KEY");
  await add("claude-sub", "CLAUDE_CODE_OAUTH_TOKEN");

  return {
    ...{ world, standIn, claude, claudeHome, apiKey, oauthToken },
    async expectNoSecretStored() {
      const { items: sessions } = await world.client.session.list.query({ limit: 500 });
      const logs = await Promise.all(sessions.map((session) => world.readLog(session.id)));
      const stored = JSON.stringify([sessions, logs, await world.allEvents()]);
      const files = readdirSync(world.home).filter((name) => name.startsWith("maestro.db"));
      for (const secret of [apiKey, oauthToken]) {
        expect(stored).not.toContain(secret);
        for (const file of files) expect(readFileSync(join(world.home, file)).includes(secret)).toBe(false);
      }
    },
    pin(name, transcript, { cwd, sessionId }) {
      const apiHost = new URL(standIn.url).host;
      const values = { cwd, root: world.rootDir, sessionId, home: claudeHome, apiHost };
      const committed = pinTranscript(name, transcript, values);
      expect(shapeOf(committed)).toEqual(shapeOf(transcript));
      expect(committed).not.toContain("canary");
    },
    async close() {
      await world.close();
      await standIn.close();
      rmSync(claudeHome, { recursive: true, force: true });
    },
  };
}

/** The test file's Claude world: started before its tests, closed after them. */
export function useClaudeWorld(): () => ClaudeWorld {
  let started: ClaudeWorld | undefined;
  beforeAll(async () => {
    started = await startClaudeWorld();
  }, 30_000);
  afterAll(() => started?.close());
  return () => started!;
}
