import type { MaestroEvent, Session } from "@maestro/domain";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";
import { formatTime } from "../task/task-labels";
import { SESSION_STATUS_LABELS, formatClock } from "./session-labels";
import styles from "./session-timeline.module.css";

const REPORT_LABELS = {
  progress: "Reported progress",
  done: "Reported done",
  blocked: "Reported blocked",
  failed: "Reported failure",
  needs_input: "Asked for input",
} as const;

interface Entry {
  id: string;
  ts: string;
  actor: string;
  kind: "status" | "report" | "output";
  /** What a report said (done, blocked…): it colours the label. */
  report?: keyof typeof REPORT_LABELS;
  label: string;
  text: string;
}

const OUTPUT_LABELS = {
  message: "Said",
  tool_use: "Used",
  file_edit: "Edited",
  usage_limit: "Hit a usage limit",
  error: "Error",
} as const;

/** Reports, status changes and what the agent did; other updates (heartbeats, costs) are not entries. */
function toEntry(event: MaestroEvent): Entry | null {
  const base = { id: event.id, ts: event.ts, actor: event.actor };
  switch (event.kind) {
    case "session.created":
      return { ...base, kind: "status", label: "Queued", text: "" };
    case "session.updated":
      if (!event.payload.changed.includes("status")) return null;
      return {
        ...base,
        kind: "status",
        label: SESSION_STATUS_LABELS[event.payload.session.status],
        text: event.payload.session.error ?? "",
      };
    case "session.reported":
      return {
        ...base,
        kind: "report",
        report: event.payload.report,
        label: REPORT_LABELS[event.payload.report],
        text: event.payload.text,
      };
    case "session.output": {
      const output = event.payload.event;
      if (output.type === "usage") return null;
      const text =
        output.type === "tool_use"
          ? `${output.tool}${output.summary ? `: ${output.summary}` : ""}`
          : output.type === "file_edit"
            ? output.path
            : output.type === "usage_limit"
              ? `${output.message}${output.resetAt ? ` (resets ${formatClock(output.resetAt)})` : ""}`
              : output.type === "message"
                ? output.text
                : output.message;
      return { ...base, kind: "output", label: OUTPUT_LABELS[output.type], text };
    }
    default:
      return null;
  }
}

/** Region "Timeline": the session's reports, status changes and agent actions, newest first, kept live. */
export function SessionTimeline({ session }: { session: Session }) {
  const trpc = useTRPC();
  const events = useQuery(
    trpc.event.list.queryOptions({ projectId: session.projectId, entityId: session.id, order: "desc", limit: 200 }),
  );
  const entries = (events.data ?? []).flatMap((event) => toEntry(event) ?? []);
  return (
    <section className={`box ${styles.timeline}`} aria-label="Timeline">
      <h2>Timeline</h2>
      {events.isPending ? <p className="muted">Loading…</p> : null}
      {events.isSuccess && entries.length === 0 ? <p className="muted">Nothing yet.</p> : null}
      <ol className={`list-stack ${styles.list}`}>
        {entries.map((entry) => (
          <li key={entry.id} className={styles.entry} data-kind={entry.kind}>
            <span className={styles.label} data-report={entry.report}>
              {entry.label}
            </span>
            {entry.text ? <span className={styles.text}>{entry.text}</span> : null}
            <span className={`muted ${styles.meta}`}>
              {entry.actor} ·{" "}
              <time dateTime={entry.ts} title={formatTime(entry.ts)}>
                {formatClock(entry.ts)}
              </time>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
