import { describe, expect, it } from "vitest";
import { allPagesState, loadedItems, wantsNextPage } from "./pages";

const data = (...pages: Array<{ items: number[]; nextCursor: string | null }>) => ({
  pages,
  pageParams: pages.map((_, i) => (i === 0 ? null : `c${i}`)),
});

function query(overrides: Partial<Parameters<typeof wantsNextPage>[0]> = {}) {
  return {
    data: undefined,
    error: null,
    isError: false,
    isPending: true,
    hasNextPage: false,
    isFetchingNextPage: false,
    ...overrides,
  } as Parameters<typeof allPagesState<number, Error>>[0];
}

describe("loading every page of a list", () => {
  it("asks for the next page while there is one, none is on its way and none failed", () => {
    expect(wantsNextPage(query({ hasNextPage: true }))).toBe(true);
    expect(wantsNextPage(query({ hasNextPage: true, isFetchingNextPage: true }))).toBe(false);
    expect(wantsNextPage(query({ hasNextPage: true, isError: true }))).toBe(false);
    expect(wantsNextPage(query({ hasNextPage: false }))).toBe(false);
  });

  it("gives no data, and stays pending, until the last page is in", () => {
    const first = data({ items: [1, 2], nextCursor: "c1" });
    const partly = query({ data: first, isPending: false, hasNextPage: true });
    expect(allPagesState(partly, loadedItems(first))).toMatchObject({
      data: undefined,
      isPending: true,
      isSuccess: false,
    });
    const all = data({ items: [1, 2], nextCursor: "c1" }, { items: [3], nextCursor: null });
    const done = query({ data: all, isPending: false, hasNextPage: false });
    expect(allPagesState(done, loadedItems(all))).toMatchObject({ data: [1, 2, 3], isPending: false, isSuccess: true });
  });

  it("says a failed page failed instead of waiting for it", () => {
    const error = new Error("offline");
    const failed = query({ data: data({ items: [1], nextCursor: "c1" }), hasNextPage: true, isError: true, error });
    expect(allPagesState(failed, [1])).toMatchObject({ data: undefined, isPending: false, isError: true, error });
  });
});
