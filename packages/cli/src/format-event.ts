import type { MaestroEvent } from "@maestro/domain";
import { shortId } from "./format-session";
import type { Output } from "./output";

const SUMMARY_MAX = 100;

/** The entity an event is about, as a person names it: a key where there is one, else a short id. */
function entityLabel(event: MaestroEvent): string {
  switch (event.kind) {
    case "project.created":
    case "project.updated":
      return event.payload.project.key;
    case "task.created":
    case "task.updated":
      return event.payload.task.key;
    case "project.deleted":
    case "task.deleted":
    case "budget.reached":
      return event.payload.key;
    case "spec.created":
    case "spec.updated":
    case "spec.versioned":
    case "spec.reviewed":
    case "spec.tasks_synced":
      return event.payload.spec.slug;
    case "task.reviewed":
    case "task.checked":
    case "session.created":
    case "session.updated":
    case "session.reported":
    case "session.output":
    case "autopilot.updated":
    case "account.resumed":
      return shortId(event.entityId);
  }
}

function changedSummary(changed: readonly string[], status: string): string {
  return changed.length ? `${changed.join(", ")} → ${status}` : status;
}

/** A short, one-line account of what the event says. */
function summaryOf(event: MaestroEvent): string {
  switch (event.kind) {
    case "project.created":
    case "project.updated":
      return event.payload.project.name;
    case "project.deleted":
    case "task.deleted":
      return "deleted";
    case "task.created":
      return `${event.payload.task.title} (${event.payload.task.status})`;
    case "task.updated":
      return changedSummary(event.payload.changed, event.payload.task.status);
    case "task.reviewed":
      return `${event.payload.review.verdict} ${event.payload.review.comment}`;
    case "task.checked":
      return `${event.payload.check.command}: ${event.payload.check.status}`;
    case "session.created":
      return event.payload.session.status;
    case "session.updated":
      return changedSummary(event.payload.changed, event.payload.session.status);
    case "session.reported":
      return `${event.payload.report}: ${event.payload.text}`;
    case "session.output":
      return event.payload.event.type;
    case "autopilot.updated":
      return event.payload.autopilot.pauseReason ?? event.payload.autopilot.state;
    case "spec.created":
    case "spec.updated":
      return `${event.payload.spec.name} (${event.payload.spec.phase}, ${event.payload.spec.status})`;
    case "spec.versioned":
      return `${event.payload.phase} v${event.payload.version} (${event.payload.source})`;
    case "spec.reviewed":
      return `${event.payload.review.phase} ${event.payload.review.kind} ${event.payload.review.comment}`;
    case "spec.tasks_synced":
      return `created ${event.payload.created.length}, updated ${event.payload.updated.length}`;
    case "budget.reached":
      return `${event.payload.metric} ${event.payload.spent} of ${event.payload.limit}`;
    case "account.resumed":
      return `${event.payload.account} resumed`;
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > SUMMARY_MAX ? `${flat.slice(0, SUMMARY_MAX - 1)}…` : flat;
}

/** `2026-12-05 07:24:00Z  #42  task.updated  MAE-3  status → done` (time in UTC). */
export function formatEventLine(output: Output, event: MaestroEvent): string {
  const { colors } = output;
  const time = `${event.ts.slice(0, 19).replace("T", " ")}Z`;
  return [
    colors.dim(time),
    colors.dim(`#${event.id}`),
    colors.cyan(event.kind.padEnd(17)),
    colors.bold(entityLabel(event)),
    oneLine(summaryOf(event)),
  ].join("  ");
}
