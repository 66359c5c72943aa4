import { type MaestroEvent, type Task, budgetReason } from "@maestro/domain";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../lib/trpc";
import { STATUS_LABELS, formatTime } from "../task-labels";
import { PanelSection } from "./panel-section";
import styles from "./task-activity.module.css";

const SHOWN = 15;

function describeEvent(event: MaestroEvent): string {
  switch (event.kind) {
    case "task.created":
      return "created the task";
    case "task.updated": {
      const { changed, task } = event.payload;
      const others = changed.filter((field) => field !== "status");
      const moved = changed.includes("status") ? `moved it to ${STATUS_LABELS[task.status]}` : "";
      const edited = others.length > 0 ? `changed ${others.join(", ")}` : "";
      return [moved, edited].filter(Boolean).join(" and ") || "touched it";
    }
    case "task.deleted":
      return "deleted the task";
    case "task.reviewed": {
      const { review } = event.payload;
      const verdict = review.verdict === "approve" ? "approved the changes" : "requested changes";
      return `${verdict}${review.comment ? `: ${review.comment}` : ""}`;
    }
    case "task.checked": {
      const { check } = event.payload;
      return check.status === "running" ? `started check ${check.command}` : `check ${check.command} ${check.status}`;
    }
    case "project.created":
    case "project.updated":
    case "project.deleted":
      return event.kind.replace(".", " ");
    case "autopilot.updated":
      return `autopilot ${event.payload.autopilot.state}`;
    case "session.created":
      return `started a ${event.payload.session.agent} session`;
    case "session.updated":
      return `session ${event.payload.session.status.replace("_", " ")}`;
    case "session.reported":
      return `reported ${event.payload.report.replace("_", " ")}${event.payload.text ? `: ${event.payload.text}` : ""}`;
    case "session.output":
      return `agent ${event.payload.event.type.replace("_", " ")}`;
    case "spec.created":
      return `created spec ${event.payload.spec.name}`;
    case "spec.updated":
      return `spec ${event.payload.spec.name} is now in ${event.payload.spec.phase}`;
    case "spec.versioned":
      return `saved ${event.payload.phase} v${event.payload.version} of spec ${event.payload.spec.name}`;
    case "spec.reviewed":
      return `${event.payload.review.kind.replace("_", " ")} on ${event.payload.review.phase} of spec ${event.payload.spec.name}`;
    case "spec.tasks_synced":
      return `synced tasks from spec ${event.payload.spec.name}`;
    case "budget.reached":
      return `${budgetReason(event.payload)} (${event.payload.scope} ${event.payload.key})`;
    case "account.resumed":
      return `lifted the usage-limit pause of account ${event.payload.account}`;
  }
}

/** Recent activity of one task, newest first (kept fresh by the live event stream). */
export function TaskActivity({ task }: { task: Task }) {
  const trpc = useTRPC();
  const events = useQuery({
    ...trpc.event.list.queryOptions({ projectId: task.projectId, entityId: task.id, limit: SHOWN, order: "desc" }),
    select: (page) => page.items,
  });
  return (
    <PanelSection title="Activity" query={events} emptyText="No activity yet." listClassName={styles.list}>
      {(events.data ?? []).map((event) => (
        <li key={event.id}>
          <span className={styles.actor}>{event.actor}</span> {describeEvent(event)}
          <time dateTime={event.ts} className="muted">
            {formatTime(event.ts)}
          </time>
        </li>
      ))}
    </PanelSection>
  );
}
