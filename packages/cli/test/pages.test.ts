import { describe, expect, it } from "vitest";
import type { Io } from "../src/output";
import { collectPages, eachPage, printJsonPages } from "../src/pages";

/** A list of `total` numbers served the way the server pages: the cursor is the last index seen. */
function pagedList(total: number) {
  const asked: Array<{ limit: number; cursor: string | null }> = [];
  const fetchPage = async (page: { limit: number; cursor: string | null }) => {
    asked.push(page);
    const from = page.cursor === null ? 0 : Number(page.cursor) + 1;
    const items = Array.from({ length: Math.max(0, Math.min(page.limit, total - from)) }, (_, i) => from + i);
    const last = items.at(-1);
    return { items, nextCursor: last !== undefined && last < total - 1 ? String(last) : null };
  };
  return { asked, fetchPage };
}

describe("collectPages", () => {
  it("follows nextCursor to the end: every item once, in order", async () => {
    const list = pagedList(1_203);
    const items = await collectPages(list.fetchPage);
    expect(items).toEqual(Array.from({ length: 1_203 }, (_, i) => i));
    expect(list.asked.map((page) => page.limit)).toEqual([500, 500, 500]);
  });

  it("stops at --limit, asking for no more than it needs", async () => {
    const list = pagedList(1_203);
    expect(await collectPages(list.fetchPage, 7)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(list.asked).toEqual([{ limit: 7, cursor: null }]);
  });
});

/** An Io that keeps what was printed, as the process would write it (each call one line). */
function capture(): { io: Io; text: () => string } {
  const calls: string[] = [];
  return { io: { out: (t) => calls.push(`${t}\n`), err: () => {}, isTTY: false }, text: () => calls.join("") };
}

describe("printJsonPages", () => {
  const item = (n: number) => ({ n, name: `item ${n}`, nested: { list: [n, "a\nb"], empty: [] } });

  it("prints one JSON array, the same text JSON.stringify gives, across several pages", async () => {
    const list = pagedList(11);
    const out = capture();
    const pages = eachPage(async (page: { limit: number; cursor: string | null }) => {
      const answer = await list.fetchPage({ ...page, limit: 3 });
      return { items: answer.items.map(item), nextCursor: answer.nextCursor };
    });
    await printJsonPages(out.io, pages);
    expect(list.asked).toHaveLength(4);
    const all = Array.from({ length: 11 }, (_, n) => item(n));
    expect(out.text()).toBe(`${JSON.stringify(all, null, 2)}\n`);
    expect(JSON.parse(out.text())).toEqual(all);
  });

  it("prints [] for nothing, and skips empty pages that still have a next one", async () => {
    const none = capture();
    await printJsonPages(
      none.io,
      eachPage(async () => ({ items: [], nextCursor: null })),
    );
    expect(none.text()).toBe("[]\n");
    const gaps = capture();
    const answers = [
      { items: [], nextCursor: "a" },
      { items: [1], nextCursor: "b" },
      { items: [], nextCursor: "c" },
      { items: [2, 3], nextCursor: null },
    ];
    await printJsonPages(
      gaps.io,
      eachPage(async () => answers.shift()!),
    );
    expect(gaps.text()).toBe(`${JSON.stringify([1, 2, 3], null, 2)}\n`);
  });

  it("writes each page before asking for the next (only the last item seen waits for its comma)", async () => {
    const pageSize = 2;
    const out = capture();
    const printedBeforeAsking: number[] = [];
    let served = 0;
    const fetchPage = async () => {
      // What was written so far parses once the array is closed and a waiting item added.
      printedBeforeAsking.push((out.text().match(/"n": /g) ?? []).length);
      const items = Array.from({ length: pageSize }, (_, i) => item(served + i));
      served += pageSize;
      return { items, nextCursor: served < 10 ? String(served) : null };
    };
    await printJsonPages(out.io, eachPage(fetchPage));
    // Before page k (k ≥ 1) every item of the pages before it is out but the last one.
    expect(printedBeforeAsking).toEqual([0, 1, 3, 5, 7]);
    expect((JSON.parse(out.text()) as unknown[]).length).toBe(10);
  });
});
