import { describe, expect, it } from "vitest";
import { LandingOutcome, ProjectSettingsPatch, RepositoryUrl } from "../src/index";

describe("a project's repositoryUrl", () => {
  it.each([
    "https://github.com/acme/web.git",
    "https://bot@github.com/acme/web.git",
    "ssh://git@git.example.com:2222/acme/web.git",
    "git://git.example.com/web.git",
    "file:///srv/git/web.git",
    "git@github.com:acme/web.git",
    "build@git.example.com:/srv/git/web.git",
    "git.example.com:acme/web.git",
    "/srv/git/web.git",
  ])("takes %s", (url) => {
    expect(RepositoryUrl.parse(url)).toBe(url);
  });

  it.each([
    ["ext::sh -c touch% /tmp/pwned", "must not contain spaces or control characters"],
    ["ext::sh", "must not name a remote helper"],
    ["fd::3", "must not name a remote helper"],
    ["-oProxyCommand=touch", "must not start with -"],
    ["--upload-pack=touch", "must not start with -"],
    ["relative/web.git", "must be a git URL"],
    ["web", "must be a git URL"],
    ["foo://host/x", "must be a git URL"],
    ["https://example.com/a\nb", "must not contain spaces or control characters"],
    ["", "must not be empty"],
    ["https://bot:s3cret@github.com/acme/web.git", "must not hold a password"],
  ])("refuses %j: %s", (url, message) => {
    const result = RepositoryUrl.safeParse(url);
    expect(result.success).toBe(false);
    expect(result.error!.issues.some((issue) => issue.message.startsWith(message))).toBe(true);
  });

  it("is a setting a patch may clear", () => {
    expect(ProjectSettingsPatch.parse({ repositoryUrl: null })).toEqual({ repositoryUrl: null });
  });
});

describe("a land job's outcome", () => {
  it("names a full commit, files, or a reason", () => {
    expect(LandingOutcome.safeParse({ kind: "landed", commit: "a".repeat(40) }).success).toBe(true);
    expect(LandingOutcome.safeParse({ kind: "landed", commit: "abc" }).success).toBe(false);
    expect(LandingOutcome.safeParse({ kind: "conflict", files: ["a.ts"] }).success).toBe(true);
    expect(LandingOutcome.safeParse({ kind: "waiting", note: "" }).success).toBe(false);
  });
});
