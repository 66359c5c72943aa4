import { describe, expect, it } from "vitest";
import { LandingOutcome, ghEnvironmentOf, ghRepoOf, parsePrView, prUrlOfCreate } from "../src/index";

describe("PR mode's gh helpers", () => {
  it("names a forge's repository for gh --repo from each URL form, and none for a path", () => {
    expect(ghRepoOf("https://github.com/acme/widgets.git")).toBe("github.com/acme/widgets");
    expect(ghRepoOf("https://GitHub.com/acme/widgets/")).toBe("github.com/acme/widgets");
    expect(ghRepoOf("ssh://git@github.example:2222/acme/widgets.git")).toBe("github.example/acme/widgets");
    expect(ghRepoOf("git@github.com:acme/widgets.git")).toBe("github.com/acme/widgets");
    expect(ghRepoOf("/srv/git/widgets.git")).toBeNull();
    expect(ghRepoOf("file:///srv/git/widgets.git")).toBeNull();
    expect(ghRepoOf("https://gitlab.example/group/sub/widgets.git")).toBeNull();
  });

  it("reads gh's answers, anything unreadable counting as still open", () => {
    expect(prUrlOfCreate("Creating pull request\nhttps://github.com/a/b/pull/7\n")).toBe(
      "https://github.com/a/b/pull/7",
    );
    expect(prUrlOfCreate("something else\n")).toBeNull();
    const oid = "c".repeat(40);
    expect(parsePrView(JSON.stringify({ state: "MERGED", mergeCommit: { oid } }))).toEqual({
      kind: "merged",
      commit: oid,
    });
    expect(parsePrView(JSON.stringify({ state: "MERGED", mergeCommit: null }))).toEqual({
      kind: "merged",
      commit: null,
    });
    expect(parsePrView(JSON.stringify({ state: "CLOSED" }))).toEqual({ kind: "closed" });
    expect(parsePrView("not json")).toEqual({ kind: "open" });
  });

  it("gives gh its login's variables and no prompt, nothing else of the host", () => {
    const env = ghEnvironmentOf({ PATH: "/bin", GH_TOKEN: "t", AWS_SECRET_ACCESS_KEY: "s", GIT_DIR: "/x" });
    expect(env).toEqual({
      PATH: "/bin",
      GH_TOKEN: "t",
      GIT_TERMINAL_PROMPT: "0",
      LC_ALL: "C",
      GH_PROMPT_DISABLED: "1",
      NO_COLOR: "1",
    });
  });

  it("accepts a pr_open outcome with an http(s) URL or none, never another scheme", () => {
    expect(LandingOutcome.safeParse({ kind: "pr_open", prUrl: null, note: "open it by hand" }).success).toBe(true);
    expect(LandingOutcome.safeParse({ kind: "pr_open", prUrl: "https://h/p/1", note: null }).success).toBe(true);
    expect(LandingOutcome.safeParse({ kind: "pr_open", prUrl: "javascript:alert(1)", note: null }).success).toBe(false);
  });
});
