import type { MaestroEvent, MaestroEventKind } from "@maestro/domain";

/** The kinds that can change what waits for the person, or notify: the one subscription asks for these only. */
export const ATTENTION_EVENT_KINDS = [
  "session.updated",
  "task.created",
  "task.updated",
  "task.deleted",
  "project.deleted",
  "spec.updated",
  "spec.reviewed",
] as const satisfies readonly MaestroEventKind[];

/** Whether the title's count may have moved: a status or landing changed, or something was added or removed. */
export function changesAttention(event: MaestroEvent): boolean {
  switch (event.kind) {
    case "session.updated":
      return event.payload.changed.includes("status");
    case "task.updated":
      // A task in review leaves the count when the lander takes it (see LANDER_LAND_STATES).
      return event.payload.changed.includes("status") || event.payload.changed.includes("landing");
    case "task.created":
    case "task.deleted":
    case "project.deleted":
    case "spec.updated":
    case "spec.reviewed":
      return true;
    default:
      return false;
  }
}

/** Events replayed after a long disconnect (a laptop asleep) are old news: they do not notify. */
export const MAX_NOTICE_AGE_MS = 10 * 60_000;

export function isRecent(event: Pick<MaestroEvent, "ts">, now = Date.now()): boolean {
  return now - Date.parse(event.ts) <= MAX_NOTICE_AGE_MS;
}
