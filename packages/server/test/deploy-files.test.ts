import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SERVER_ENV_NAMES, type ServerEnv, limitsFromEnv, readServerEnv } from "../src/env";
import { resolveLimits } from "../src/limits";

// Issue 16 ("Run it"): the example service and its environment name only what the server reads,
// and the environment file documents all of it.

const read = (name: string) => readFileSync(fileURLToPath(new URL(`../../../deploy/${name}`, import.meta.url)), "utf8");
const unit = read("maestro.service");
const envFile = read("maestro.env");
const mentioned = (text: string) => new Set(text.match(/\bMAESTRO_[A-Z0-9_]+/g) ?? []);

/** `NAME=value` lines, commented out or not. */
function assignments(text: string): Array<{ name: string; value: string; isSet: boolean }> {
  return [...text.matchAll(/^(#?)(MAESTRO_[A-Z0-9_]+)=(.*)$/gm)].map((match) => ({
    name: match[2]!,
    value: match[3]!,
    isSet: match[1] === "",
  }));
}

describe("deploy/", () => {
  it("names only variables the server reads, in the unit and the environment file", () => {
    const known = new Set<string>(SERVER_ENV_NAMES);
    for (const name of [...mentioned(unit), ...mentioned(envFile)]) {
      expect(known, `${name} is not read`).toContain(name);
    }
  });

  it("documents every variable the server reads in the environment file", () => {
    const documented = new Set(assignments(envFile).map((line) => line.name));
    for (const name of SERVER_ENV_NAMES) expect(documented, `${name} is not in maestro.env`).toContain(name);
  });

  it("sets values the server accepts, and a commented line shows the server's own default", () => {
    const lines = assignments(envFile).filter((line) => line.value !== "");
    readServerEnv(Object.fromEntries(lines.map((line) => [line.name, line.value])));
    const defaults = readServerEnv({});
    /** What the server does with an environment: its settings, and the bounds they resolve to. */
    const effective = (env: ServerEnv) =>
      JSON.stringify({
        settings: Object.entries(env).filter(([name]) => defaults[name as keyof ServerEnv] !== undefined),
        limits: resolveLimits(limitsFromEnv(env)),
      });
    // Examples rather than defaults: a public name, its origin, a folder.
    const examples = ["MAESTRO_ALLOWED_HOSTS", "MAESTRO_ALLOWED_ORIGINS", "MAESTRO_DASHBOARD_DIR"];
    for (const line of lines.filter((candidate) => !candidate.isSet && !examples.includes(candidate.name))) {
      expect(effective(readServerEnv({ [line.name]: line.value })), line.name).toBe(effective(defaults));
    }
  });

  it("runs serve as its own user, with the environment file, restarted on failure", () => {
    expect(unit).toMatch(/^User=maestro$/m);
    expect(unit).toMatch(/^EnvironmentFile=\/etc\/maestro\/maestro\.env$/m);
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^ExecStart=.*maestro\.js serve /m);
    expect(unit).not.toMatch(/^MemoryDenyWriteExecute=yes/m);
    expect(unit).not.toMatch(/^Environment=.*MAESTRO_TOKEN/m);
  });

  it("leaves out what keeps bubblewrap from mounting the sandbox's /proc", () => {
    // A mount systemd lays over part of /proc (/proc/sys read-only, /proc/kmsg hidden) makes the
    // kernel refuse a fresh proc mount in a user namespace: `bwrap --proc /proc` fails with EPERM
    // and every agent with `sandbox: bwrap` fails to start.
    for (const option of ["ProtectKernelTunables", "ProtectKernelLogs", "ProtectProc", "RestrictNamespaces"]) {
      expect(unit, option).not.toMatch(new RegExp(`^${option}=(?!no$)`, "m"));
    }
  });
});
