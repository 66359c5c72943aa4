import type { MaestroEvent, TaskCheck, TaskReview } from "@maestro/domain";
import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { makeTask } from "../../test/fixtures";
import { landingRefreshFor, refetchAfresh } from "./landing-cache";

const base = { id: "1", projectId: "p1", actor: "cli", ts: "2025-01-01T00:00:00.000Z", entity: "task", entityId: "t1" };
const review: TaskReview = {
  id: "r1",
  taskId: "t1",
  actor: "cli",
  verdict: "approve",
  comment: "",
  comments: [],
  headCommit: null,
  createdAt: base.ts,
};
const check: TaskCheck = {
  id: "c1",
  taskId: "t1",
  sessionId: "s1",
  command: "pnpm test",
  status: "running",
  exitCode: null,
  outputTail: "",
  startedAt: base.ts,
  endedAt: null,
};

function updated(changed: string[]): MaestroEvent {
  return { ...base, kind: "task.updated", entity: "task", payload: { task: makeTask({ id: "t1" }), changed } };
}

describe("landingRefreshFor", () => {
  it("refreshes the task's reviews, checks, or diff after the event that changes them", () => {
    expect(landingRefreshFor({ ...base, kind: "task.reviewed", entity: "task", payload: { review } })).toBe("reviews");
    expect(landingRefreshFor({ ...base, kind: "task.checked", entity: "task", payload: { check } })).toBe("checks");
    expect(landingRefreshFor(updated(["status", "landing"]))).toBe("diff");
  });

  it("leaves them alone for a change elsewhere", () => {
    expect(landingRefreshFor(updated(["title"]))).toBeNull();
  });
});

describe("refetchAfresh", () => {
  /** A watched query whose answer is the number of times it was read (each read takes 20 ms). */
  function watchedCounter() {
    const queryClient = new QueryClient();
    let reads = 0;
    const observer = new QueryObserver(queryClient, {
      queryKey: ["counter"],
      queryFn: async () => {
        reads += 1;
        const read = reads;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return read;
      },
    });
    const unsubscribe = observer.subscribe(() => undefined);
    const settled = async () => {
      await new Promise((resolve) => setTimeout(resolve, 80));
      unsubscribe();
      return queryClient.getQueryData(["counter"]);
    };
    return { queryClient, settled };
  }

  it("reads again after a change that came while the first read was under way", async () => {
    const { queryClient, settled } = watchedCounter();
    refetchAfresh(queryClient, { queryKey: ["counter"] });
    expect(await settled()).toBe(2);
  });

  it("is needed: a plain invalidation then keeps what the first read saw", async () => {
    const { queryClient, settled } = watchedCounter();
    void queryClient.invalidateQueries({ queryKey: ["counter"] });
    expect(await settled()).toBe(1);
  });
});
