import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type OutputBatcherOptions, createOutputBatcher } from "../src/output-batcher";
import { type OutputChunk, callWeight, cutPoint, takeBatch } from "../src/output-queue";

const bytes = (text: string) => new TextEncoder().encode(text);

/** A batcher whose `send` calls are recorded and only settle when the test says so. */
function recording(options: Partial<OutputBatcherOptions> = {}) {
  const calls: OutputChunk[][] = [];
  const settle: Array<() => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const batcher = createOutputBatcher({
    send: (chunks) => {
      calls.push(chunks);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      return new Promise<void>((resolve) => settle.push(() => (inFlight--, resolve())));
    },
    ...options,
  });
  /** Lets every call made so far succeed, and waits for the batcher to react. */
  const settleAll = async () => {
    while (settle.length) settle.shift()!();
    await vi.advanceTimersByTimeAsync(0);
  };
  const text = (stream?: string) =>
    calls
      .flat()
      .filter((c) => !stream || c.stream === stream)
      .map((c) => c.text)
      .join("");
  return { batcher, calls, settleAll, text, maxInFlight: () => maxInFlight };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("createOutputBatcher", () => {
  it("sends one batch 100 ms after the first byte, not one call per line", () => {
    const { batcher, calls } = recording();
    batcher.push("stdout", bytes("one\n"));
    vi.advanceTimersByTime(50);
    batcher.push("stdout", bytes("two\n"));
    batcher.push("stdout", bytes("three\n"));
    vi.advanceTimersByTime(49);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual([[{ stream: "stdout", text: "one\ntwo\nthree\n" }]]);
  });

  it("keeps stdout and stderr in the order they arrived", () => {
    const { batcher, calls } = recording();
    batcher.push("stdout", bytes("a\n"));
    batcher.push("stderr", bytes("oops\n"));
    batcher.push("stdout", bytes("b\n"));
    batcher.note("stop requested");
    vi.advanceTimersByTime(100);
    expect(calls[0]).toEqual([
      { stream: "stdout", text: "a\n" },
      { stream: "stderr", text: "oops\n" },
      { stream: "stdout", text: "b\n" },
      { stream: "system", text: "stop requested\n" },
    ]);
  });

  it("sends at once when 64 KiB accumulate, in chunks of at most 64 KiB cut after a newline", () => {
    const { batcher, calls, text } = recording();
    const line = `${"x".repeat(99)}\n`;
    const input = line.repeat(700); // 70,000 characters
    batcher.push("stdout", bytes(input));
    expect(calls).toHaveLength(1);
    const chunks = calls[0]!;
    expect(chunks.every((c) => c.text.length <= 64 * 1024)).toBe(true);
    expect(chunks[0]!.text.endsWith("\n")).toBe(true);
    expect(chunks[0]!.text.length).toBe(Math.floor((64 * 1024) / 100) * 100);
    expect(text()).toBe(input);
  });

  it("never has two calls in flight: output accumulates meanwhile and goes in the next one", async () => {
    const { batcher, calls, settleAll, text, maxInFlight } = recording();
    batcher.push("stdout", bytes("first\n"));
    vi.advanceTimersByTime(100);
    expect(calls).toHaveLength(1);
    for (let i = 0; i < 100; i++) batcher.push("stdout", bytes(`line ${i}\n`));
    vi.advanceTimersByTime(500);
    expect(calls).toHaveLength(1);
    await settleAll();
    expect(calls).toHaveLength(2);
    expect(calls[1]).toHaveLength(1);
    const drained = batcher.drain();
    await settleAll();
    await drained;
    expect(maxInFlight()).toBe(1);
    expect(text()).toBe(`first\n${Array.from({ length: 100 }, (_, i) => `line ${i}\n`).join("")}`);
  });

  it("sends a backlog in calls of bounded size, one after another (plain text twice as much)", async () => {
    const { batcher, calls, settleAll, text } = recording({ maxChunkChars: 10, maxCallChars: 10 });
    batcher.push("stdout", bytes("0123456789".repeat(5)));
    expect(calls.map((c) => c.map((chunk) => chunk.text.length))).toEqual([[10, 10]]);
    await settleAll();
    await settleAll();
    expect(calls.map((c) => c.map((chunk) => chunk.text.length))).toEqual([[10, 10], [10, 10], [10]]);
    expect(text()).toBe("0123456789".repeat(5));
  });

  it("keeps text that may grow as JSON (control characters, non-ASCII) to maxCallChars per call", async () => {
    const { batcher, calls, settleAll, text } = recording({ maxChunkChars: 10, maxCallChars: 10 });
    const input = "\u001b[1mé4567\n".repeat(5);
    batcher.push("stdout", bytes(input));
    for (let i = 0; i < 6; i++) await settleAll();
    // Every piece has an escape or an é: a call holds at most maxCallChars of them.
    expect(calls.every((call) => call.reduce((sum, chunk) => sum + chunk.text.length, 0) <= 10)).toBe(true);
    expect(calls.length).toBeGreaterThanOrEqual(5);
    expect(text()).toBe(input);
  });

  it("loses no line and keeps order through reads split anywhere, plain text and text with escapes", async () => {
    const { batcher, calls, settleAll, text } = recording({ maxChunkChars: 256, maxCallChars: 500 });
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648), seed % n);
    const lines = Array.from({ length: 400 }, (_, i) =>
      i % 7 === 0 ? `line ${i} \u001b[31mred é 𝄞\u001b[0m\n` : `line ${i} ${"x".repeat(random(150))}\n`,
    );
    const input = bytes(lines.join(""));
    for (let at = 0; at < input.length;) {
      const size = 1 + random(300);
      batcher.push("stdout", input.subarray(at, at + size));
      at += size;
      if (random(4) === 0) await settleAll();
    }
    batcher.end("stdout");
    const drained = batcher.drain();
    while (calls.flat().reduce((n, c) => n + c.text.length, 0) < lines.join("").length) await settleAll();
    await drained;
    expect(text()).toBe(lines.join(""));
    for (const call of calls) {
      expect(call.reduce((sum, chunk) => sum + callWeight(chunk.text), 0)).toBeLessThanOrEqual(1_000);
    }
  });

  it("pauses the reader above the high-water mark and resumes it once drained", async () => {
    const pressure: boolean[] = [];
    const { batcher, settleAll } = recording({
      maxChunkChars: 10,
      maxCallChars: 5,
      highWaterChars: 40,
      onPressure: (p) => pressure.push(p),
    });
    batcher.push("stdout", bytes("x".repeat(60)));
    expect(pressure).toEqual([true]);
    for (let i = 0; i < 6; i++) await settleAll();
    expect(pressure).toEqual([true, false]);
  });

  it("decodes UTF-8 characters split across reads", async () => {
    const { batcher, settleAll, text } = recording();
    const input = "héllo € 𝄞 日本語\n";
    for (const byte of bytes(input)) batcher.push("stdout", Uint8Array.of(byte));
    batcher.end("stdout");
    const drained = batcher.drain();
    await settleAll();
    await drained;
    expect(text()).toBe(input);
  });

  it("turns invalid bytes and a truncated last character into U+FFFD", async () => {
    const { batcher, settleAll, text } = recording();
    batcher.push("stderr", Uint8Array.of(0x41, 0xff, 0x42, 0xe2, 0x82));
    batcher.end("stderr");
    const drained = batcher.drain();
    await settleAll();
    await drained;
    expect(text("stderr")).toBe("A\uFFFDB\uFFFD");
  });

  it("drain sends everything at once, without waiting for the timer", async () => {
    const { batcher, calls, settleAll } = recording();
    batcher.push("stdout", bytes("partial line without newline"));
    const drained = batcher.drain();
    expect(calls).toHaveLength(1);
    await settleAll();
    await drained;
  });

  it("reports a failed call and goes on", async () => {
    const errors: unknown[] = [];
    const sent: string[] = [];
    let fail = true;
    const batcher = createOutputBatcher({
      send: async (chunks) => {
        if (fail) throw new Error("server down");
        sent.push(...chunks.map((c) => c.text));
      },
      onError: (error) => errors.push(error),
    });
    batcher.push("stdout", bytes("lost\n"));
    await batcher.drain();
    fail = false;
    batcher.push("stdout", bytes("kept\n"));
    await batcher.drain();
    expect(errors).toHaveLength(1);
    expect(sent).toEqual(["kept\n"]);
  });
});

describe("cutPoint", () => {
  it("cuts after the last newline within the limit", () => {
    expect(cutPoint("ab\ncd\nef", 7)).toBe(6);
  });
  it("cuts at the limit without a newline, but never inside a surrogate pair", () => {
    expect(cutPoint("abcdef", 4)).toBe(4);
    expect(cutPoint("abc𝄞def", 4)).toBe(3);
  });
  it("keeps short text whole", () => {
    expect(cutPoint("abc", 10)).toBe(3);
  });
});

describe("takeBatch", () => {
  it("takes at most one call's worth from the front, cutting the head chunk after a newline", () => {
    const queue = {
      chunks: [
        { stream: "stdout" as const, text: "ab\ncd\n" },
        { stream: "stderr" as const, text: "ef\n" },
      ],
      chars: 9,
    };
    // Plain text counts half: 6 characters of it fill a call of maxCallChars 3.
    expect(takeBatch(queue, { maxChunkChars: 4, maxCallChars: 3 })).toEqual([
      { stream: "stdout", text: "ab\n" },
      { stream: "stdout", text: "cd\n" },
    ]);
    expect(queue).toEqual({ chunks: [{ stream: "stderr", text: "ef\n" }], chars: 3 });
  });

  it("recuts a piece that is not plain to maxCallChars, and keeps order and every character", () => {
    const input = "ab\ncd\u0007\nef\n𝄞𝄞\ngh\n";
    const queue = { chunks: [{ stream: "stdout" as const, text: input }], chars: input.length };
    const calls: OutputChunk[][] = [];
    while (queue.chunks.length) calls.push(takeBatch(queue, { maxChunkChars: 8, maxCallChars: 4 }));
    expect(
      calls
        .flat()
        .map((chunk) => chunk.text)
        .join(""),
    ).toBe(input);
    expect(queue.chars).toBe(0);
    for (const call of calls) {
      // Plain pieces count one a character, others two: at most 2 × maxCallChars a call; no empty piece.
      expect(call.reduce((sum, chunk) => sum + callWeight(chunk.text), 0)).toBeLessThanOrEqual(8);
      expect(call.every((chunk) => chunk.text.length > 0)).toBe(true);
    }
    // A surrogate pair is never split.
    expect(calls.flat().some((chunk) => /[\ud800-\udbff]$/.test(chunk.text))).toBe(false);
  });
});
