import { describe, expect, it } from "vitest";
import { UsageError } from "../src/errors";
import { splitArgv } from "../src/split-argv";

describe("splitArgv", () => {
  it.each([
    ["./agent.sh {promptFile}", ["./agent.sh", "{promptFile}"]],
    [`node  "my agent.js"   --flag='a b'`, ["node", "my agent.js", "--flag=a b"]],
    [String.raw`say "quote \" inside" it\'s`, ["say", 'quote " inside', "it's"]],
    [`empty "" ''`, ["empty", "", ""]],
    ["  ", []],
    ["echo $HOME; rm -rf /", ["echo", "$HOME;", "rm", "-rf", "/"]],
  ])("splits %s", (line, argv) => {
    expect(splitArgv(line)).toEqual(argv);
  });

  it("refuses an unclosed quote", () => {
    expect(() => splitArgv(`run "oops`)).toThrowError(UsageError);
  });
});
