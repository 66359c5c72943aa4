import { describe, expect, it } from "vitest";
import { removeFromPages, upsertAtEnd } from "./page-cache";

const item = (id: string, name = id) => ({ id, name });
const pages = (...loaded: Array<{ items: ReturnType<typeof item>[]; nextCursor: string | null }>) => ({
  pages: loaded,
  pageParams: loaded.map((_, i) => (i === 0 ? null : `c${i}`)),
});

describe("upsertAtEnd", () => {
  it("replaces an item in the loaded page that holds it", () => {
    const data = pages({ items: [item("a"), item("b")], nextCursor: "c1" }, { items: [item("c")], nextCursor: null });
    const next = upsertAtEnd(data, item("c", "renamed"));
    expect(next).toEqual(
      pages({ items: [item("a"), item("b")], nextCursor: "c1" }, { items: [item("c", "renamed")], nextCursor: null }),
    );
  });

  it("adds a new item to the last page once the list's end is loaded, and not before", () => {
    const complete = pages({ items: [item("a")], nextCursor: "c1" }, { items: [item("b")], nextCursor: null });
    expect(upsertAtEnd(complete, item("new"))).toEqual(
      pages({ items: [item("a")], nextCursor: "c1" }, { items: [item("b"), item("new")], nextCursor: null }),
    );
    const partial = pages({ items: [item("a")], nextCursor: "c1" });
    expect(upsertAtEnd(partial, item("new"))).toBe(partial);
  });

  it("patches a single cached page the same way, and leaves an unfetched list alone", () => {
    expect(upsertAtEnd({ items: [item("a")], nextCursor: null }, item("b"))).toEqual({
      items: [item("a"), item("b")],
      nextCursor: null,
    });
    expect(upsertAtEnd(undefined, item("a"))).toBeUndefined();
  });
});

describe("removeFromPages", () => {
  it("takes the item out of whichever page holds it, and leaves the rest as they were", () => {
    const data = pages({ items: [item("a"), item("b")], nextCursor: "c1" }, { items: [item("c")], nextCursor: null });
    expect(removeFromPages(data, "c")).toEqual(
      pages({ items: [item("a"), item("b")], nextCursor: "c1" }, { items: [], nextCursor: null }),
    );
    expect(removeFromPages(data, "zzz")).toBe(data);
    expect(removeFromPages(undefined, "a")).toBeUndefined();
  });
});
