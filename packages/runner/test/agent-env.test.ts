import { describe, expect, it } from "vitest";
import { buildAgentEnv } from "../src/agent-env";

const session = {
  serverUrl: "http://127.0.0.1:4700",
  token: "session-token",
  sessionId: "s1",
  projectId: "p1",
  taskIds: ["t1", "t2"],
};

const source = {
  PATH: "/usr/bin:/bin",
  HOME: "/home/dev",
  USER: "dev",
  LANG: "C.UTF-8",
  ANTHROPIC_API_KEY: "sk-allowed",
  AWS_SECRET_ACCESS_KEY: "canary-aws",
  MAESTRO_CANARY_SECRET: "canary-secret",
  MAESTRO_TOKEN: "the-server-token",
  NODE_OPTIONS: "--require /tmp/evil.js",
};

describe("buildAgentEnv", () => {
  it("passes the base variables, the allowlist and the session's MAESTRO_* variables, nothing else", () => {
    const env = buildAgentEnv({ source, allowlist: ["ANTHROPIC_API_KEY", "NOT_SET"], session, binDir: "/m/bin" });
    expect(env).toEqual({
      PATH: "/m/bin:/usr/bin:/bin",
      HOME: "/home/dev",
      USER: "dev",
      LANG: "C.UTF-8",
      ANTHROPIC_API_KEY: "sk-allowed",
      MAESTRO_URL: "http://127.0.0.1:4700",
      MAESTRO_TOKEN: "session-token",
      MAESTRO_SESSION_ID: "s1",
      MAESTRO_PROJECT_ID: "p1",
      MAESTRO_TASK_IDS: "t1,t2",
      MAESTRO_TASK_ID: "t1",
    });
    expect(JSON.stringify(env)).not.toMatch(/canary|the-server-token|evil/);
  });

  it("never lets an allowlisted name override the session's variables", () => {
    const env = buildAgentEnv({ source, allowlist: ["MAESTRO_TOKEN", "PATH"], session, binDir: "/m/bin" });
    expect(env.MAESTRO_TOKEN).toBe("session-token");
    expect(env.PATH).toBe("/m/bin:/usr/bin:/bin");
  });

  it("gives a usable PATH even when the runner has none", () => {
    const env = buildAgentEnv({ source: {}, allowlist: [], session, binDir: "/m/bin" });
    expect(env.PATH).toBe("/m/bin:/usr/local/bin:/usr/bin:/bin");
    expect(Object.keys(env).filter((name) => !name.startsWith("MAESTRO_"))).toEqual(["PATH"]);
  });
});
