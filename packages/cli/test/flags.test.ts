import {
  AGENT_ADAPTERS,
  DOCUMENT_PHASES,
  END_REASONS,
  LAND_POLICIES,
  LAND_STRATEGIES,
  MCP_TOOL_TIERS,
  NETWORK_MODES,
  PERSONAS,
  REPORT_KINDS,
  SANDBOXES,
  SESSION_ROLES,
  SESSION_STATUSES,
  TASK_PRIORITIES,
  TASK_STATUSES,
  WORKTREE_MODES,
} from "@maestro/domain";
import { describe, expect, it } from "vitest";
import type { Io } from "../src/output";
import { runCli } from "../src/program";

// Nothing listens here: a command line that got as far as a request would fail with exit code 1.
const env = { MAESTRO_URL: "http://127.0.0.1:1" };

async function maestro(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  const code = await runCli(argv, io, env);
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

/** The help text of one flag, on one line (commander wraps it). */
async function flagHelp(command: string[], flag: string): Promise<string> {
  const { stdout } = await maestro(...command, "--help");
  const lines = stdout.split("\n");
  const start = lines.findIndex((line) => line.trimStart().startsWith(`${flag} `));
  const end = lines.findIndex((line, i) => i > start && /^\s+-/.test(line));
  return lines
    .slice(start, end)
    .map((line) => line.trim())
    .join(" ");
}

interface EnumFlag {
  command: string[];
  /** What the command needs besides the flag, so that only the flag can be wrong. */
  args: string[];
  flag: string;
  values: readonly string[];
}

/** Every flag that takes one of a domain list's values, with that list. */
const ENUM_FLAGS: EnumFlag[] = [
  { command: ["task", "create"], args: ["t", "--project", "P"], flag: "--priority", values: TASK_PRIORITIES },
  { command: ["task", "create"], args: ["t", "--project", "P"], flag: "--status", values: TASK_STATUSES },
  { command: ["task", "update"], args: ["P-1"], flag: "--status", values: TASK_STATUSES },
  { command: ["task", "update"], args: ["P-1"], flag: "--priority", values: TASK_PRIORITIES },
  { command: ["task", "list"], args: ["--project", "P"], flag: "--status", values: TASK_STATUSES },
  { command: ["task", "run"], args: ["P-1"], flag: "--role", values: SESSION_ROLES },
  { command: ["session", "list"], args: [], flag: "--status", values: SESSION_STATUSES },
  { command: ["session", "list"], args: [], flag: "--end-reason", values: END_REASONS },
  { command: ["agent", "add"], args: ["a"], flag: "--adapter", values: AGENT_ADAPTERS },
  { command: ["agent", "add"], args: ["a", "--adapter", "shell"], flag: "--persona", values: PERSONAS },
  { command: ["agent", "add"], args: ["a", "--adapter", "shell"], flag: "--sandbox", values: SANDBOXES },
  { command: ["agent", "add"], args: ["a", "--adapter", "shell"], flag: "--network", values: NETWORK_MODES },
  { command: ["agent", "update"], args: ["a"], flag: "--sandbox", values: SANDBOXES },
  { command: ["agent", "update"], args: ["a"], flag: "--network", values: NETWORK_MODES },
  { command: ["project", "update"], args: ["P"], flag: "--worktree", values: WORKTREE_MODES },
  { command: ["project", "update"], args: ["P"], flag: "--land", values: LAND_POLICIES },
  { command: ["project", "update"], args: ["P"], flag: "--land-strategy", values: LAND_STRATEGIES },
  { command: ["project", "create"], args: ["p", "--dir", "/p"], flag: "--worktree", values: WORKTREE_MODES },
  { command: ["project", "create"], args: ["p", "--dir", "/p"], flag: "--land", values: LAND_POLICIES },
  { command: ["project", "create"], args: ["p", "--dir", "/p"], flag: "--land-strategy", values: LAND_STRATEGIES },
  { command: ["spec", "edit"], args: ["s", "--file", "x.md"], flag: "--phase", values: DOCUMENT_PHASES },
  { command: ["spec", "approve"], args: ["s"], flag: "--phase", values: DOCUMENT_PHASES },
  { command: ["spec", "generate"], args: ["s"], flag: "--phase", values: DOCUMENT_PHASES },
  { command: ["mcp"], args: [], flag: "--tools", values: MCP_TOOL_TIERS },
];
const cases = ENUM_FLAGS.map((entry) => ({ ...entry, name: `${entry.command.join(" ")} ${entry.flag}` }));

describe("flags that take a domain value", () => {
  it.each(cases)("$name: the help lists every value of the domain's list", async ({ command, flag, values }) => {
    const choices = values.map((value) => JSON.stringify(value)).join(", ");
    expect(await flagHelp(command, flag)).toContain(`(choices: ${choices})`);
  });

  it.each(cases)(
    "$name: a value outside it is a usage error naming the flag",
    async ({ command, args, flag, values }) => {
      const result = await maestro(...command, ...args, flag, "bogus");
      expect(result).toMatchObject({ code: 2, stdout: "" });
      expect(result.stderr.split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(new RegExp(`^error: option '${flag} <\\w+>' argument 'bogus' is invalid\\.`));
      expect(result.stderr).toContain(`must be one of ${values.join(", ")} (got "bogus")`);
    },
  );

  it("regression: the persona help lists planner (it had drifted from the domain's list)", async () => {
    expect(await flagHelp(["agent", "add"], "--persona")).toContain('"planner"');
  });

  it("checks each value of a comma-separated list", async () => {
    const result = await maestro("task", "list", "--project", "P", "--status", "todo,doing");
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toMatch(
      /^error: option '--status <status>' argument 'todo,doing' is invalid\. .*\(got "doing"\)$/,
    );
  });

  it("has one report command per report kind", async () => {
    const { stdout } = await maestro("report", "--help");
    for (const kind of REPORT_KINDS) expect(stdout).toMatch(new RegExp(`^\\s+${kind.replace("_", "-")} `, "m"));
  });
});

describe("landing flags", () => {
  it.each([
    [
      "project update",
      ["project", "update", "P", "--target-branch", "a..b"],
      "--target-branch <branch>",
      "a..b",
      "must be a valid git branch name",
    ],
    [
      "project create",
      ["project", "create", "p", "--dir", "/p", "--target-branch", "-x"],
      "--target-branch <branch>",
      "-x",
      "must be a valid git branch name",
    ],
    [
      "project update",
      ["project", "update", "P", "--remote", "my remote"],
      "--remote <name>",
      "my remote",
      "must be a git remote name",
    ],
    ["project update", ["project", "update", "P", "--check", "  "], "--check <cmd>", "  ", "must not be empty"],
    [
      "project update",
      ["project", "update", "P", "--worktree-setup", ""],
      "--worktree-setup <cmd>",
      "",
      "must not be empty",
    ],
    [
      "project update",
      ["project", "update", "P", "--repository", "ext::sh -c id"],
      "--repository <url>",
      "ext::sh -c id",
      "must not contain spaces",
    ],
    [
      "project update",
      ["project", "update", "P", "--repository", "ext::sh"],
      "--repository <url>",
      "ext::sh",
      "must not name a remote helper",
    ],
    [
      "project create",
      ["project", "create", "p", "--dir", "/p", "--repository=-oProxyCommand=x"],
      "--repository <url>",
      "-oProxyCommand=x",
      "must not start with -",
    ],
    [
      "project update",
      ["project", "update", "P", "--repository", "relative/repo.git"],
      "--repository <url>",
      "relative/repo.git",
      "must be a git URL",
    ],
  ])("%s: a bad value is a usage error naming the flag (%j)", async (_name, argv, flag, value, message) => {
    const result = await maestro(...argv);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr.split("\n")).toHaveLength(1);
    expect(result.stderr.startsWith(`error: option '${flag}' argument '${value}' is invalid. `)).toBe(true);
    expect(result.stderr).toContain(message);
  });

  it("refuses --check together with --no-checks", async () => {
    const result = await maestro("project", "update", "P", "--check", "make", "--no-checks");
    expect(result).toMatchObject({ code: 2, stderr: "error: --check and --no-checks contradict each other" });
  });

  it.each([
    [["--approve", "--request-changes"], "error: say --approve or --request-changes (exactly one)"],
    [["--comment", "x"], "error: say --approve or --request-changes (exactly one)"],
    [
      ["--request-changes", "--comment", "x", "--file", "a.ts"],
      "error: --file and --line go in pairs: got 1 --file and 0 --line",
    ],
    [
      ["--request-changes", "--comment", "x", "--file", "a.ts", "--line", "3", "--line", "4"],
      "error: --file and --line go in pairs: got 1 --file and 2 --line",
    ],
    [
      ["--request-changes", "--file", "a.ts", "--line", "3"],
      "error: --file/--line need --comment: the text to leave on those lines",
    ],
    [["--request-changes", "--comment", "x", "--file", "a.ts", "--line", "0"], "error: --line 0: must be at least 1"],
    [["--request-changes", "--comment", "x", "--file", " ", "--line", "2"], 'error: --file " ": must not be empty'],
  ])("task review %j is a usage error saying what is wrong", async (flags, message) => {
    expect(await maestro("task", "review", "P-1", ...flags)).toEqual({ code: 2, stdout: "", stderr: message });
  });

  it.each([
    ["agent", "list"],
    ["project", "list"],
    ["spec", "list"],
    ["session", "list"],
    ["task", "list", "--project", "P"],
    ["worktree", "list"],
    ["events"],
  ])("%s %s --limit 0 is a usage error (exit 2) naming the flag, before any call", async (...command) => {
    const result = await maestro(...command, "--limit", "0");
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toMatch(/^error: option '--limit <n>' argument '0' is invalid\. must be at least 1$/);
  });

  it("task review --line takes a whole number", async () => {
    const result = await maestro("task", "review", "P-1", "--approve", "--file", "a", "--line", "x");
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toMatch(/^error: option '--line <n>' argument 'x' is invalid\. must be a whole number$/);
  });
});

describe("a token on the command line", () => {
  const secret = "s3cret-owner-token-value";
  const refusal = /^error: --token is not accepted .*use --token-file <path> or MAESTRO_TOKEN$/;

  it.each([
    ["before the command", ["--token", secret, "task", "list"]],
    ["before the command, with =", [`--token=${secret}`, "task", "list"]],
    ["between group and command", ["task", "--token", secret, "list"]],
    ["after the command", ["task", "list", "--token", secret]],
    ["after the command, with =", ["task", "list", `--token=${secret}`]],
  ])(
    "is a usage error %s (exit 2), naming --token-file and MAESTRO_TOKEN, never echoing the value",
    async (_, argv) => {
      const { code, stdout, stderr } = await maestro(...argv);
      expect(code).toBe(2);
      expect(stderr).toMatch(refusal);
      expect(`${stdout}${stderr}`).not.toContain(secret);
    },
  );

  it("leaves a flag's value after the command alone, even one spelled --token", async () => {
    const { stderr } = await maestro("task", "create", "t", "--project", "P", "--description", "--token");
    expect(stderr).not.toMatch(/--token is not accepted/);
  });
});

describe("--stall-sec", () => {
  const commands = [
    ["task", "create", "t", "--project", "P"],
    ["task", "update", "P-1"],
    ["project", "update", "P"],
  ];

  it.each(commands)(
    "is refused naming the flag when it is not a whole number of seconds ≥ 2 (%s %s)",
    async (...command) => {
      for (const [value, message] of [
        ["soon", "must be a whole number"],
        ["1", "must be at least 2"],
        ["999999999", "must be at most"],
      ] as const) {
        const result = await maestro(...command, "--stall-sec", value);
        expect(result).toMatchObject({ code: 2, stdout: "" });
        expect(result.stderr).toMatch(
          new RegExp(`^error: option '--stall-sec <seconds>' argument '${value}' is invalid\\.`),
        );
        expect(result.stderr).toContain(message);
      }
    },
  );

  it.each(commands)("passes a good value on to the server (%s %s)", async (...command) => {
    // Exit code 1: parsing succeeded and the request reached for the (absent) server.
    expect((await maestro(...command, "--stall-sec", "600")).code).toBe(1);
  });
});
