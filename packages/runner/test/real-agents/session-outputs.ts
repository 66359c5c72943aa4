import type { AgentEvent, MaestroEvent } from "@maestro/domain";
import type { World } from "../world";

/** What the server recorded of a session's parsed output (usage aside), in order. */
export async function sessionOutputs(world: World, sessionId: string): Promise<AgentEvent[]> {
  const events: MaestroEvent[] = [];
  for (;;) {
    const page = await world.client.event.list.query({ after: events.at(-1)?.id, limit: 500 });
    events.push(...page);
    if (page.length < 500) break;
  }
  return events.flatMap((event) =>
    event.kind === "session.output" && event.entityId === sessionId ? [event.payload.event] : [],
  );
}
