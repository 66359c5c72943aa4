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
  /** A failed command, an error or a warning: it stands out. */
  isProblem?: boolean;
}

type AgentOutput = Extract<MaestroEvent, { kind: "session.output" }>["payload"]["event"];

/** How one thing the agent did reads on the timeline (usage only adds up into the session's cost). */
function describeOutput(output: AgentOutput): { label: string; text: string; isProblem?: boolean } | null {
  switch (output.type) {
    case "message":
      return { label: "Said", text: output.text };
    case "tool_use": {
      const text = `${output.tool}${output.summary ? `: ${output.summary}` : ""}`;
      if (output.exitCode === undefined || output.exitCode === null || output.exitCode === 0) {
        return { label: "Used", text };
      }
      const tail = output.output?.trim() ? `\n${output.output.trim()}` : "";
      return { label: `Failed (exit ${output.exitCode})`, text: `${text}${tail}`, isProblem: true };
    }
    case "file_edit":
      return { label: "Edited", text: output.path };
    case "usage_limit":
      return {
        label: "Hit a usage limit",
        text: `${output.message}${output.resetAt ? ` (resets ${formatClock(output.resetAt)})` : ""}`,
        isProblem: true,
      };
    case "error":
      return { label: "Error", text: output.message, isProblem: true };
    case "warning":
      return { label: "Warning", text: output.message, isProblem: true };
    case "notice":
      return { label: "Notice", text: output.message };
    case "usage":
      return null;
  }
}

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
      const described = describeOutput(event.payload.event);
      if (!described) return null;
      return { ...base, kind: "output", label: described.label, text: described.text, isProblem: described.isProblem };
    }
    default:
      return null;
  }
}

/** Region "Timeline": the session's reports, status changes and agent actions, newest first, kept live. */
export function SessionTimeline({ session }: { session: Session }) {
  const trpc = useTRPC();
  const events = useQuery({
    ...trpc.event.list.queryOptions({ projectId: session.projectId, entityId: session.id, order: "desc", limit: 200 }),
    select: (page) => page.items,
  });
  const entries = (events.data ?? []).flatMap((event) => toEntry(event) ?? []);
  return (
    <section className={`box ${styles.timeline}`} aria-label="Timeline">
      <h2>Timeline</h2>
      {events.isPending ? <p className="muted">Loading…</p> : null}
      {events.isSuccess && entries.length === 0 ? <p className="muted">Nothing yet.</p> : null}
      <ol className={`list-stack ${styles.list}`}>
        {entries.map((entry) => (
          <li
            key={entry.id}
            className={styles.entry}
            data-kind={entry.kind}
            data-problem={entry.isProblem || undefined}
          >
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
