import type { Session } from "@maestro/domain";
import type { AppRouter } from "@maestro/server";
import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { describe, expect, it } from "vitest";
import { makeSession } from "../../test/fixtures";
import { storeSession } from "./store-session";

function setup() {
  const queryClient = new QueryClient();
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: createTRPCClient<AppRouter>({ links: [] }), queryClient });
  const list = (input: Parameters<typeof trpc.session.list.queryKey>[0]) => trpc.session.list.queryKey(input);
  return { queryClient, trpc, list };
}

/** A single cached page of `session.list`, the last one. */
const page = (items: Session[]) => ({ items, nextCursor: null });

describe("storeSession", () => {
  it("patches every cached list by its filter, and the session's page", () => {
    const { queryClient, trpc, list } = setup();
    const session = makeSession({ projectId: "p1", status: "running" });
    queryClient.setQueryData(list({ projectId: "p1" }), page([session]));
    queryClient.setQueryData(list({ status: "needs_input" }), page([]));
    queryClient.setQueryData(list({ projectId: "p2" }), page([]));
    queryClient.setQueryData(trpc.session.byId.queryKey({ id: session.id }), session);

    const asking: Session = { ...session, status: "needs_input", lastReport: "Which colour?" };
    storeSession(queryClient, trpc, asking, { isFromEvent: true });

    expect(queryClient.getQueryData(list({ projectId: "p1" }))).toEqual(page([asking]));
    expect(queryClient.getQueryData(list({ status: "needs_input" }))).toEqual(page([asking]));
    expect(queryClient.getQueryData(list({ projectId: "p2" }))).toEqual(page([]));
    expect(queryClient.getQueryData(trpc.session.byId.queryKey({ id: session.id }))).toEqual(asking);

    storeSession(queryClient, trpc, { ...asking, status: "running" }, { isFromEvent: true });
    expect(queryClient.getQueryData(list({ status: "needs_input" }))).toEqual(page([]));
  });

  it("does not let a late mutation answer move a session back", () => {
    const { queryClient, trpc, list } = setup();
    const queued = makeSession({ status: "queued" });
    const running = { ...queued, status: "running" as const };
    queryClient.setQueryData(list({}), page([running]));
    queryClient.setQueryData(trpc.session.byId.queryKey({ id: queued.id }), running);
    storeSession(queryClient, trpc, queued, { isFromEvent: false });
    expect(queryClient.getQueryData(list({}))).toEqual(page([running]));
    expect(queryClient.getQueryData(trpc.session.byId.queryKey({ id: queued.id }))).toEqual(running);
  });

  it("regression: seeds a page with the newest state when the session's events beat the mutation's answer", () => {
    const { queryClient, trpc, list } = setup();
    const queued = makeSession({ status: "queued" });
    queryClient.setQueryData(list({}), page([]));
    // The runner claimed and started it before the answer to "Run" came back.
    storeSession(queryClient, trpc, { ...queued, status: "starting" }, { isFromEvent: true });
    storeSession(queryClient, trpc, { ...queued, status: "running" }, { isFromEvent: true });
    storeSession(queryClient, trpc, queued, { isFromEvent: false });
    expect(queryClient.getQueryData<Session>(trpc.session.byId.queryKey({ id: queued.id }))?.status).toBe("running");
    expect(queryClient.getQueryData(list({}))?.items.map((session) => session.status)).toEqual(["running"]);
  });

  it("seeds the page of a session a mutation returned, but not of every session an event names", () => {
    const { queryClient, trpc } = setup();
    const started = makeSession();
    const other = makeSession();
    storeSession(queryClient, trpc, started, { isFromEvent: false });
    storeSession(queryClient, trpc, other, { isFromEvent: true });
    expect(queryClient.getQueryData(trpc.session.byId.queryKey({ id: started.id }))).toEqual(started);
    expect(queryClient.getQueryData(trpc.session.byId.queryKey({ id: other.id }))).toBeUndefined();
  });

  it("patches loaded pages of an infinite list where the session is, and puts a new one on the first page", () => {
    const { queryClient, trpc } = setup();
    const key = trpc.session.list.infiniteQueryKey({ projectId: "p1", limit: 1 });
    const older = makeSession({ projectId: "p1", status: "running", createdAt: "2026-01-01T00:00:00.000Z" });
    const newer = makeSession({ projectId: "p1", status: "queued", createdAt: "2026-01-02T00:00:00.000Z" });
    queryClient.setQueryData(key, {
      pages: [
        { items: [newer], nextCursor: "c1" },
        { items: [older], nextCursor: null },
      ],
      pageParams: [null, "c1"],
    });
    storeSession(queryClient, trpc, { ...older, status: "failed" }, { isFromEvent: true });
    const newest = makeSession({ projectId: "p1", createdAt: "2026-01-03T00:00:00.000Z" });
    storeSession(queryClient, trpc, newest, { isFromEvent: true });
    const pages = queryClient.getQueryData(key)!.pages.map((one) => one.items.map((s) => [s.id, s.status]));
    expect(pages).toEqual([
      [
        [newest.id, newest.status],
        [newer.id, "queued"],
      ],
      [[older.id, "failed"]],
    ]);
  });
});
