import { describe, expect, it } from "vitest";
import { createTerminalTextFilter } from "../src/terminal-text";

const filter = (text: string) => createTerminalTextFilter().filter(text);

describe("terminal text filter", () => {
  it("keeps colours, newlines, tabs and carriage returns", () => {
    const text = "\x1b[1;31mred\x1b[0m\tplain\r\n\x1b[38;2;1;2;3mtrue\x1b[m ünï ✓\n";
    expect(filter(text)).toBe(text);
  });

  it.each([
    ["an OSC 52 clipboard write (BEL)", "a\x1b]52;c;Y3VybCBldmlsfHNo\x07b", "ab"],
    ["a title set (ST)", "a\x1b]0;pwned\x1b\\b", "ab"],
    ["an OSC 8 hyperlink", "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "link"],
    ["cursor movement and erase", "a\x1b[2A\x1b[10;5H\x1b[2J\x1b[Kb", "ab"],
    ["private modes and DEC sequences", "a\x1b[?1049h\x1b[?25l\x1b7\x1b8\x1bcb", "ab"],
    ["a DCS string", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"],
    ["C1 controls", "a\x9b2J\x9d0;t\x07\x85b", "ab"],
    ["a bare ESC and C0 controls", "a\x1b\x08\x00\x07\x7fb\x1b", "ab"],
    ["SGR look-alikes with other parameters", "a\x1b[>4;1m\x1b[ qb", "ab"],
  ])("drops %s", (_name, text, expected) => {
    expect(filter(text)).toBe(expected);
  });

  it("catches a sequence split across chunks", () => {
    const f = createTerminalTextFilter();
    const out = ["x\x1b", "]52;c;", "ZXZpbA==", "\x07y\x1b[3", "2mz"].map((chunk) => f.filter(chunk)).join("");
    expect(out).toBe("xy\x1b[32mz");
  });

  it("takes linear time on a megabyte of escapes", () => {
    const text = "\x1b[".repeat(250_000) + "\x1b]".repeat(250_000);
    const started = performance.now();
    expect(filter(text)).toBe("");
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
