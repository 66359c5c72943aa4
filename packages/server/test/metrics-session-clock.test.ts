import { openSqliteStore } from "@maestro/db";
import type { MaestroEvent, Session } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { EventBus } from "../src/events";
import { ServerMetrics } from "../src/observe/metrics";

// Claim and spawn latency are observed once per claim and per start, whatever else a session's
// events carry while it waits (a stop asked for, a usage-limit hold, its worktree recorded).

const database = openSqliteStore({ path: ":memory:" });

function sessionEvent(
  kind: "session.created" | "session.updated",
  status: Session["status"],
  changed: string[],
): MaestroEvent {
  const session = { id: "s-1", status, createdAt: new Date(Date.now() - 60_000).toISOString() } as Session;
  const payload = kind === "session.created" ? { session } : { session, changed };
  return { kind, entity: "session", entityId: "s-1", payload } as unknown as MaestroEvent;
}

async function countOf(metrics: ServerMetrics, name: string): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)!.get();
  const values = metric.values as Array<{ metricName?: string; value: number }>;
  return values.find((value) => value.metricName === `${name}_count`)?.value ?? 0;
}

describe("session latency metrics", () => {
  it("observes a claim once, not again for each later change of the claimed session", async () => {
    const metrics = new ServerMetrics(database);
    const events = new EventBus();
    const stop = metrics.listen(events);
    try {
      events.publish([sessionEvent("session.created", "queued", [])]);
      events.publish([sessionEvent("session.updated", "starting", ["status", "runnerId"])]);
      // Still starting: a stop asked for (a usage limit), then its worktree recorded.
      events.publish([sessionEvent("session.updated", "starting", ["stopRequested", "stopReason"])]);
      events.publish([sessionEvent("session.updated", "starting", ["worktreePath"])]);
      expect(await countOf(metrics, "maestro_session_claim_latency_seconds")).toBe(1);
      events.publish([sessionEvent("session.updated", "running", ["status", "pid"])]);
      events.publish([sessionEvent("session.updated", "running", ["agentSessionId"])]);
      expect(await countOf(metrics, "maestro_session_spawn_latency_seconds")).toBe(1);
      expect(await countOf(metrics, "maestro_session_claim_latency_seconds")).toBe(1);
    } finally {
      stop();
    }
  });
});
