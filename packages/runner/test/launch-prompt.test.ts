import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUILT_IN_AGENTS } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Claim, type LaunchedAgent, launchAgent } from "../src/launch";
import { stopProcessGroup } from "../src/process-group";
import { shellClaim } from "./shell-claim";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

// The prompt reaches agents on stdin (or as a file), never in argv: argv is visible to every local
// user (`ps`, /proc/<pid>/cmdline) and one argument is capped near 128 KB.

let home: string;
let agent: LaunchedAgent | null;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "maestro-launch-prompt-"));
  agent = null;
});
afterEach(async () => {
  if (agent) await stopProcessGroup(agent.pgid, { graceMs: 200 });
  rmSync(home, { recursive: true, force: true });
});

const options = () => ({ home, binDir: home, source: { PATH: process.env.PATH } });

/** A custom agent's claim whose prompt is `prompt`: stdin-agent.sh copies what it is given to `out`. */
function claimWith(prompt: string, out: string): Claim {
  const custom = { ...BUILT_IN_AGENTS.find((profile) => profile.name === "shell")!, name: "copy", adapter: "custom" };
  const claim = shellClaim({ command: "", rootDir: home });
  return {
    ...claim,
    session: { ...claim.session, prompt },
    profile: { ...custom, command: [fixture("stdin-agent.sh"), out, "{promptFile}"] },
    launch: { prompt, resumeId: null },
  } as Claim;
}

/** A 300 KB prompt with a unique marker, multi-byte text, shell syntax and lines that look like options. */
function bigPrompt(marker: string): string {
  const line = `- step: héllo wörld ✓ $(touch pwned) \`id\` "quoted" 'single' --resume x ${marker}\n`;
  return `${marker}\n${line.repeat(Math.ceil(300_000 / Buffer.byteLength(line)))}`;
}

async function waitForFile(path: string): Promise<void> {
  for (let i = 0; i < 200 && !existsSync(path); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(existsSync(path)).toBe(true);
}

/** Every command line on this machine that `ps` would show, each as its argv joined by spaces. */
function allCommandLines(): string[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid) => {
      try {
        return [readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ")];
      } catch {
        return []; // gone meanwhile
      }
    });
}

describe("launching an agent with its prompt", () => {
  it("feeds a 300 KB prompt to the agent's stdin intact, and the same bytes through {promptFile}", async () => {
    const marker = `prompt-${randomBytes(8).toString("hex")}`;
    const prompt = bigPrompt(marker);
    expect(Buffer.byteLength(prompt)).toBeGreaterThan(300_000);
    const out = join(home, "received");
    agent = await launchAgent(claimWith(prompt, out), options());
    await waitForFile(`${out}.done`);
    expect(readFileSync(out).equals(Buffer.from(prompt))).toBe(true);
    expect(readFileSync(`${out}.file`).equals(Buffer.from(prompt))).toBe(true);
    expect(existsSync(join(home, "pwned"))).toBe(false);
  }, 20_000);

  it("never shows the prompt in the manifest's argv or in any process's command line", async () => {
    const marker = `prompt-${randomBytes(8).toString("hex")}`;
    const out = join(home, "received");
    const claim = claimWith(`${marker}: fix the bug`, out);
    agent = await launchAgent(claim, options());
    await waitForFile(`${out}.done`);
    expect(agent.argv).toEqual([fixture("stdin-agent.sh"), out, join(home, "sessions", claim.session.id, "prompt.md")]);
    expect(agent.argv.join(" ")).not.toContain(marker);
    const running = readFileSync(`/proc/${agent.pgid}/cmdline`, "utf8").split("\0");
    expect(running).toContain(fixture("stdin-agent.sh"));
    expect(allCommandLines().filter((line) => line.includes(marker))).toEqual([]);
  }, 20_000);

  it("refuses to spawn a stored profile whose command still has {prompt}, saying why", async () => {
    const out = join(home, "received");
    const legacy = claimWith("secret plan", out);
    const profile = { ...legacy.profile, command: [fixture("stdin-agent.sh"), out, "{prompt}"] };
    await expect(launchAgent({ ...legacy, profile }, options())).rejects.toThrow(
      /command element "\{prompt\}" uses \{prompt\}, which is no longer supported/,
    );
    expect(existsSync(join(home, "sessions", legacy.session.id))).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it("gives the shell adapter, which runs the task's command, an empty stdin", async () => {
    const out = join(home, "stdin");
    agent = await launchAgent(shellClaim({ command: `cat > ${out}; touch ${out}.done`, rootDir: home }), options());
    await waitForFile(`${out}.done`);
    expect(readFileSync(out, "utf8")).toBe("");
  }, 20_000);
});
