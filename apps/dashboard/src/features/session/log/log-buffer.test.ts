import type { LogChunk, LogStream } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { advanceSgr, stripAnsi, toSegments } from "./ansi";
import { LogBuffer } from "./log-buffer";

let seq = 0;
function chunk(text: string, stream: LogStream = "stdout"): LogChunk {
  seq += 1;
  return { sessionId: "s1", seq, stream, text, ts: new Date(seq * 1000).toISOString() };
}

const plainLines = (buffer: LogBuffer) => buffer.lines.map((line) => line.plain);

describe("LogBuffer", () => {
  it("splits chunks into lines, joining a line that spans chunks", () => {
    const buffer = new LogBuffer();
    buffer.append([chunk("one\ntw"), chunk("o\nthr")]);
    expect(plainLines(buffer)).toEqual(["one", "two"]);
    expect(buffer.openLines().map((line) => line.plain)).toEqual(["thr"]);
    buffer.append([chunk("ee\n")]);
    expect(plainLines(buffer)).toEqual(["one", "two", "three"]);
    expect(buffer.openLines()).toEqual([]);
  });

  it("keeps stdout and stderr lines apart when their chunks interleave", () => {
    const buffer = new LogBuffer();
    buffer.append([chunk("out-"), chunk("err line\n", "stderr"), chunk("done\n")]);
    expect(buffer.lines.map((line) => [line.stream, line.plain])).toEqual([
      ["stderr", "err line"],
      ["stdout", "out-done"],
    ]);
  });

  it("ignores chunks at or before the cursor (a replay after a re-subscribe)", () => {
    const buffer = new LogBuffer();
    const first = chunk("a\n");
    const second = chunk("b\n");
    buffer.append([first, second]);
    expect(buffer.append([first, second])).toBe(false);
    expect(plainLines(buffer)).toEqual(["a", "b"]);
    expect(buffer.lastSeq).toBe(second.seq);
  });

  it("shows what is left after carriage returns (progress bars) and handles CRLF", () => {
    const buffer = new LogBuffer();
    buffer.append([chunk("10%\r50%\r100%\r\nnext\r\n")]);
    expect(plainLines(buffer)).toEqual(["100%", "next"]);
  });

  it("carries a colour over to the next line, and an escape split across chunks", () => {
    const buffer = new LogBuffer();
    buffer.append([chunk("\x1b[3"), chunk("1mred\nstill red\x1b[0m\nplain\n")]);
    expect(plainLines(buffer)).toEqual(["red", "still red", "plain"]);
    const [first, second, third] = buffer.lines.map((line) => toSegments(line.display));
    expect(first?.[0]?.style?.color).toBe("rgb(248, 81, 73)");
    expect(second?.[0]?.style?.color).toBe("rgb(248, 81, 73)");
    expect(third?.[0]?.style).toBeUndefined();
  });

  it("stays bounded: drops the oldest lines and counts them", () => {
    const buffer = new LogBuffer(100);
    for (let i = 0; i < 50; i++) {
      buffer.append([chunk(Array.from({ length: 10 }, (_, j) => `line ${i * 10 + j}\n`).join(""))]);
    }
    expect(buffer.lines.length).toBe(100);
    expect(buffer.dropped + buffer.lines.length).toBe(500);
    expect(buffer.lines.at(-1)?.plain).toBe("line 499");
    expect(buffer.lines[0]?.n).toBe(buffer.dropped + 1);
  });

  it("breaks a huge line without a newline instead of growing it forever", () => {
    const buffer = new LogBuffer();
    buffer.append([chunk("x".repeat(70_000))]);
    expect(buffer.lines).toHaveLength(1);
    expect(buffer.lines[0]!.plain.length).toBeLessThan(11_000);
  });
});

describe("ansi", () => {
  it("strips escapes but keeps the text", () => {
    expect(stripAnsi("\x1b[1;32mok\x1b[0m \x1b]0;title\x07done\x1b[2K")).toBe("ok done");
  });

  it("tracks graphic state through resets and 256-colour codes", () => {
    expect(advanceSgr([], "\x1b[1m\x1b[38;5;0mx")).toEqual(["1", "38;5;0"]);
    expect(advanceSgr(["1"], "\x1b[0;31m")).toEqual(["31"]);
    expect(advanceSgr(["1"], "\x1b[m")).toEqual([]);
  });

  it("renders markup in output as text, never as HTML", () => {
    const segments = toSegments("\x1b[31m<img src=x onerror=alert(1)>\x1b[0m");
    expect(segments.map((segment) => segment.text).join("")).toBe("<img src=x onerror=alert(1)>");
  });
});
