import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { coalescedRefresh } from "./attention-refresh";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A watched query whose answer is how many times it was read (each read takes 20 ms). */
function watchedCounter() {
  const queryClient = new QueryClient();
  let reads = 0;
  const observer = new QueryObserver(queryClient, {
    queryKey: ["attention"],
    queryFn: async () => {
      reads += 1;
      const read = reads;
      await sleep(20);
      return read;
    },
  });
  const unsubscribe = observer.subscribe(() => undefined);
  const settled = async () => {
    await sleep(100);
    return queryClient.getQueryData<number>(["attention"]);
  };
  return { queryClient, settled, reads: () => reads, unsubscribe };
}

describe("coalescedRefresh (the title's count)", () => {
  it("regression: a change during the first read is not lost, so the title never keeps a stale count", async () => {
    const counter = watchedCounter();
    const { refresh } = coalescedRefresh(counter.queryClient, { queryKey: ["attention"] }, 5);
    refresh();
    expect(await counter.settled()).toBe(2);
    counter.unsubscribe();
  });

  it("regression: a burst of status changes reads the count once, not once per event", async () => {
    const counter = watchedCounter();
    await counter.settled();
    const { refresh } = coalescedRefresh(counter.queryClient, { queryKey: ["attention"] }, 5);
    for (let i = 0; i < 50; i += 1) refresh();
    expect(await counter.settled()).toBe(2);
    expect(counter.reads()).toBe(2);
    counter.unsubscribe();
  });

  it("reads again for a change after the burst, and a disposed refresh reads nothing", async () => {
    const counter = watchedCounter();
    await counter.settled();
    const { refresh, dispose } = coalescedRefresh(counter.queryClient, { queryKey: ["attention"] }, 5);
    refresh();
    await counter.settled();
    refresh();
    expect(await counter.settled()).toBe(3);
    refresh();
    dispose();
    await counter.settled();
    expect(counter.reads()).toBe(3);
    counter.unsubscribe();
  });
});
