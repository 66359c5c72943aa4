import { describe, expect, it } from "vitest";
import { collectPages } from "../src/pages";

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
