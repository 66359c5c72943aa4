import { describe, expect, it } from "vitest";
import { gitConfigEnv, mayRunConfiguredProgram, neutralGitConfig } from "../src/git-safety";

describe("neutralGitConfig", () => {
  it("overrides each program the repository's own config names, and leaves the user's global ones", () => {
    const listed = [
      ["local", "filter.evil.smudge"],
      ["worktree", "merge.a.b.driver"],
      ["local", "diff.x.textconv"],
      ["local", "gpg.ssh.program"],
      ["local", "remote.origin.uploadpack"],
      ["global", "filter.lfs.smudge"],
    ]
      .flat()
      .join("\0");
    expect(neutralGitConfig(`${listed}\0`)).toEqual([
      ["filter.evil.smudge", ""],
      ["filter.evil.required", "false"],
      ["merge.a.b.driver", "false"],
      ["diff.x.textconv", "cat"],
      ["commit.gpgSign", "false"],
      ["remote.origin.uploadpack", "git-upload-pack"],
    ]);
  });

  it("hands keys to git through the environment, whatever characters a driver's name holds", () => {
    expect(gitConfigEnv([["filter.a=b c.smudge", ""]])).toEqual({
      GIT_CONFIG_COUNT: "1",
      GIT_CONFIG_KEY_0: "filter.a=b c.smudge",
      GIT_CONFIG_VALUE_0: "",
    });
  });

  it("skips the listing only for commands that read refs", () => {
    expect(mayRunConfiguredProgram(["rev-parse", "HEAD"])).toBe(false);
    expect(mayRunConfiguredProgram(["-c", "user.useConfigOnly=true", "commit-tree", "t"])).toBe(true);
    expect(mayRunConfiguredProgram(["read-tree", "-m", "-u", "a", "b"])).toBe(true);
  });
});
