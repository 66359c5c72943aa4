import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createEventReader } from "../src/event-reader";
import { createOutputBatcher } from "../src/output-batcher";
import type { OutputChunk } from "../src/output-queue";
import { HIDDEN_TOKEN, createTokenScrubber, scrubTokens } from "../src/token-scrubber";

// As the server mints a session's token: 32 random bytes in hex.
const TOKEN = randomBytes(32).toString("hex");
const OTHER = randomBytes(32).toString("hex");

/** Everything the scrubber lets out for these pieces, and what it held back before the end. */
function run(tokens: string[], pieces: string[]) {
  const scrubber = createTokenScrubber(tokens);
  let out = "";
  for (const piece of pieces) out += scrubber.push(piece);
  return { beforeEnd: out, all: out + scrubber.end() };
}

describe("createTokenScrubber", () => {
  it("replaces a whole token, and leaves the text around it as it was", () => {
    expect(run([TOKEN], [`MAESTRO_TOKEN=${TOKEN}\nPATH=/bin\n`]).all).toBe(
      `MAESTRO_TOKEN=${HIDDEN_TOKEN}\nPATH=/bin\n`,
    );
    expect(run([TOKEN], [`x${TOKEN}y`]).all).toBe(`x${HIDDEN_TOKEN}y`);
    expect(run([TOKEN], [TOKEN]).all).toBe(HIDDEN_TOKEN);
    expect(run([TOKEN], ["no token here\n"]).beforeEnd).toBe("no token here\n");
  });

  it("finds a token split at every position across two pieces", () => {
    for (let cut = 1; cut < TOKEN.length; cut++) {
      const { beforeEnd, all } = run([TOKEN], [`a ${TOKEN.slice(0, cut)}`, `${TOKEN.slice(cut)} b\n`]);
      expect(all).toBe(`a ${HIDDEN_TOKEN} b\n`);
      expect(beforeEnd).toBe(all);
    }
  });

  it("finds a token dripped one character at a time", () => {
    expect(run([TOKEN], ["<", ...TOKEN, ">"]).all).toBe(`<${HIDDEN_TOKEN}>`);
  });

  it("replaces every occurrence: repeated, back to back, and adjacent to its own prefix", () => {
    const text = `${TOKEN}${TOKEN} ${TOKEN.slice(0, 10)}${TOKEN}\n${TOKEN}`;
    const expected = `${HIDDEN_TOKEN}${HIDDEN_TOKEN} ${TOKEN.slice(0, 10)}${HIDDEN_TOKEN}\n${HIDDEN_TOKEN}`;
    expect(run([TOKEN], [text]).all).toBe(expected);
    // The same text cut everywhere into three pieces.
    for (let cut = 1; cut < text.length; cut += 7) {
      expect(run([TOKEN], [text.slice(0, cut), text.slice(cut, cut + 40), text.slice(cut + 40)]).all).toBe(expected);
    }
  });

  it("finds a token whose start repeats inside it (the matcher falls back, not forward)", () => {
    const token = "abcabd";
    // "xabcab|cabd|abcabdab|cabd" is "xabc" and the token three times.
    expect(run([token], ["xabcab", "cabd", "abcabdab", "cabd"]).all).toBe(`xabc${HIDDEN_TOKEN.repeat(3)}`);
  });

  it("holds back only what may start a token, at most its length − 1, and lets it go at the end", () => {
    const half = TOKEN.slice(0, 32);
    const { beforeEnd, all } = run([TOKEN], [`line\n${half}`]);
    expect(beforeEnd).toBe("line\n");
    expect(all).toBe(`line\n${half}`);
    const almost = TOKEN.slice(0, -1);
    expect(run([TOKEN], [almost]).beforeEnd).toBe("");
    expect(run([TOKEN], [almost]).all).toBe(almost);
    // A prefix that turns out not to be the token is let out with what follows it, in order.
    expect(run([TOKEN], [half, "!\n"]).beforeEnd).toBe(`${half}!\n`);
  });

  it("hides several tokens, the longer one first when one holds the other", () => {
    expect(run([TOKEN, OTHER], [`${OTHER.slice(0, 5)}`, `${OTHER.slice(5)} ${TOKEN}`]).all).toBe(
      `${HIDDEN_TOKEN} ${HIDDEN_TOKEN}`,
    );
    const inner = TOKEN.slice(10, 30);
    expect(scrubTokens([inner, TOKEN], `${TOKEN} ${inner}`)).toBe(`${HIDDEN_TOKEN} ${HIDDEN_TOKEN}`);
    // Held back by the first, then the second: both let go at the end, in order.
    expect(run([TOKEN, OTHER], [`${TOKEN.slice(0, 3)}`]).all).toBe(TOKEN.slice(0, 3));
  });

  it("ignores empty and missing tokens", () => {
    expect(run(["", undefined as unknown as string], ["text"]).beforeEnd).toBe("text");
  });

  it("stays linear on long text full of near misses", () => {
    const token = `${"a".repeat(63)}b`;
    const text = "a".repeat(2_000_000);
    const started = performance.now();
    expect(run([token], [text, `b${text}`]).all).toBe(`${text.slice(63)}${HIDDEN_TOKEN}${text}`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("the output batcher with secrets", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function batcher() {
    const sent: OutputChunk[] = [];
    const out = createOutputBatcher({
      send: async (chunks) => void sent.push(...chunks),
      secrets: [TOKEN, undefined],
    });
    const text = (stream?: string) =>
      sent
        .filter((chunk) => !stream || chunk.stream === stream)
        .map((chunk) => chunk.text)
        .join("");
    return { out, sent, text };
  }
  const bytes = (text: string) => new TextEncoder().encode(text);

  it("sends a token split across two reads as the marker, in order, each stream on its own", async () => {
    const { out, text } = batcher();
    out.push("stdout", bytes(`before\n${TOKEN.slice(0, 20)}`));
    out.push("stderr", bytes(`err ${TOKEN.slice(0, 40)}`));
    await vi.advanceTimersByTimeAsync(500);
    expect(text("stdout")).toBe("before\n");
    out.push("stdout", bytes(`${TOKEN.slice(20)}\nafter\n`));
    out.push("stderr", bytes(`${TOKEN.slice(40)}\n`));
    out.note(`[maestro] a note naming ${TOKEN}`);
    await out.drain();
    expect(text("stdout")).toBe(`before\n${HIDDEN_TOKEN}\nafter\n`);
    expect(text("stderr")).toBe(`err ${HIDDEN_TOKEN}\n`);
    expect(text("system")).toBe(`[maestro] a note naming ${HIDDEN_TOKEN}\n`);
  });

  it("lets a held-back tail go at the end of its stream, once", async () => {
    const { out, text } = batcher();
    out.push("stdout", bytes(`last line ${TOKEN.slice(0, 63)}`));
    await vi.advanceTimersByTimeAsync(500);
    expect(text()).toBe("last line ");
    out.end("stdout");
    out.end("stdout");
    await out.drain();
    expect(text()).toBe(`last line ${TOKEN.slice(0, 63)}`);
  });

  it("keeps a multi-byte character split across reads next to a token", async () => {
    const { out, text } = batcher();
    const all = bytes(`é${TOKEN}é\n`);
    for (let i = 0; i < all.length; i += 5) out.push("stdout", all.slice(i, i + 5));
    out.end("stdout");
    await out.drain();
    expect(text()).toBe(`é${HIDDEN_TOKEN}é\n`);
  });

  it("parses agent events from the scrubbed text: no message or tool use carries the token", async () => {
    const { out, sent } = batcher();
    const reader = createEventReader("claude-stream-json");
    const line = (content: unknown[]) => `${JSON.stringify({ type: "assistant", message: { content } })}\n`;
    const stream =
      line([{ type: "text", text: `my token is ${TOKEN}` }]) +
      line([{ type: "tool_use", id: "t1", name: "Bash", input: { command: `curl -H 'Bearer ${TOKEN}'` } }]);
    const cut = stream.indexOf(TOKEN) + 17;
    out.push("stdout", bytes(stream.slice(0, cut)));
    await vi.advanceTimersByTimeAsync(500);
    out.push("stdout", bytes(stream.slice(cut)));
    out.end("stdout");
    await out.drain();
    const events = [...reader.read(sent), ...reader.end(false)];
    expect(events.length).toBeGreaterThanOrEqual(2);
    const said = JSON.stringify(events);
    expect(said).not.toContain(TOKEN);
    expect(said).toContain(HIDDEN_TOKEN);
  });
});
