import { describeEndReason, describeFootprint, formatMemoryMb } from "@maestro/domain";
import type { RouterOutputs } from "@maestro/server";
import { utcDateTime } from "./format";
import type { Output } from "./output";

export type Session = RouterOutputs["session"]["byId"];
export type Agent = RouterOutputs["agent"]["byName"];

const none = "—";

export function shortId(id: string): string {
  return id.slice(0, 8);
}

export function sessionStatusLabel(output: Output, status: Session["status"]): string {
  const c = output.colors;
  switch (status) {
    case "queued":
    case "starting":
      return c.dim(status);
    case "running":
      return c.cyan(status);
    case "needs_input":
    case "waiting":
      return c.yellow(status);
    case "succeeded":
      return c.green(status);
    case "failed":
    case "timed_out":
      return c.red(status);
    case "cancelled":
    case "interrupted":
      return c.magenta(status);
  }
}

/** Its status, with "stalled" while its agent has been silent past half its stall limit. */
function statusText(output: Output, session: Pick<Session, "status" | "stalledAt" | "endedAt">): string {
  const label = sessionStatusLabel(output, session.status);
  return session.stalledAt && !session.endedAt ? `${label} ${output.colors.yellow("stalled")}` : label;
}

function duration(session: Session): string {
  if (!session.startedAt) return none;
  const ms = (session.endedAt ? Date.parse(session.endedAt) : Date.now()) - Date.parse(session.startedAt);
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}

/** What a session cost: "$0.0421", or "≈ $0.1200 (estimate)" when priced from its tokens at list price. */
export function formatSessionCost(session: Pick<Session, "costUsd" | "costIsEstimate">): string {
  const dollars = `$${session.costUsd.toFixed(4)}`;
  return session.costIsEstimate ? `≈ ${dollars} (estimate)` : dollars;
}

export function renderSessionTable(
  output: Output,
  sessions: readonly Session[],
  keyOf: (id: string) => string,
): string {
  return output.table(
    sessions,
    [
      { header: "ID", value: (s) => shortId(s.id) },
      { header: "STATUS", value: (s) => statusText(output, s) },
      { header: "TASKS", value: (s) => s.taskIds.map(keyOf).join(", "), max: 30 },
      { header: "AGENT", value: (s) => s.agent },
      { header: "ATTEMPT", value: (s) => String(s.attempt) },
      { header: "DURATION", value: (s) => duration(s) },
      { header: "EXIT", value: (s) => (s.exitCode === null ? none : String(s.exitCode)) },
      { header: "REASON", value: (s) => describeEndReason(s) ?? none, max: 40 },
      { header: "COST", value: (s) => (s.costUsd === 0 && !s.costIsEstimate ? none : formatSessionCost(s)) },
      { header: "LAST REPORT", value: (s) => s.lastReport ?? s.error ?? none, max: 40 },
    ],
    "No sessions. Start one with: maestro task run <task> --agent <profile>",
  );
}

/** Which session this one continues and why ("session 1a2b3c4d: it was interrupted …"). */
function resumeText(session: Session): string {
  const from = session.resumedFromId ? `session ${shortId(session.resumedFromId)}` : null;
  return [from, session.resumeReason].filter(Boolean).join(": ") || none;
}

/** Why it ended, in words and as the field's value: "stopped by owner (stopped)". */
function endReasonText(session: Session): string {
  const words = describeEndReason(session);
  return words === null ? none : `${words} (${session.endReason})`;
}

export function renderSessionDetail(output: Output, session: Session, keyOf: (id: string) => string): string {
  const pairs: Array<[string, string]> = [
    ["id", session.id],
    ["status", statusText(output, session)],
    ["tasks", session.taskIds.map(keyOf).join(", ")],
    ["agent", session.agent],
    ["role", session.role],
    ["attempt", String(session.attempt)],
    ["pid", session.pid === null ? none : String(session.pid)],
    ["cwd", session.cwd ?? none],
    ["branch", session.branch ?? none],
    ["resumes", resumeText(session)],
    ["agent session", session.agentSessionId ?? none],
    ["exit code", session.exitCode === null ? none : String(session.exitCode)],
    ["error", session.error ?? none],
    ["last report", session.lastReport ?? none],
    ["cost", `${formatSessionCost(session)} (${session.tokensIn} in, ${session.tokensOut} out)`],
    ["peak memory", session.peakRssMb === null ? none : formatMemoryMb(session.peakRssMb)],
    ["created", session.createdAt],
    ["started", session.startedAt ?? none],
    ["ended", session.endedAt ?? none],
    ["end reason", endReasonText(session)],
    ["duration", duration(session)],
  ];
  return output.details(pairs);
}

export function renderAgentTable(output: Output, agents: readonly Agent[]): string {
  return output.table(
    agents,
    [
      { header: "NAME", value: (a) => a.name },
      { header: "ADAPTER", value: (a) => a.adapter },
      { header: "MODEL", value: (a) => a.model ?? none },
      { header: "COMMAND", value: (a) => (a.command ? a.command.join(" ") : none), max: 40 },
      { header: "PERSONA", value: (a) => a.persona },
      { header: "MAX", value: (a) => (a.maxConcurrent === null ? none : String(a.maxConcurrent)) },
      { header: "DELEGATES", value: (a) => (a.delegates.length ? a.delegates.join(",") : none), max: 30 },
      { header: "SANDBOX", value: (a) => (a.sandbox === "none" ? none : `${a.sandbox}, network ${a.network}`) },
      { header: "ACCOUNT", value: (a) => a.usageAccount, max: 40 },
      {
        header: "PAUSED",
        value: (a) => (a.pausedUntil ? output.colors.yellow(`until ${utcDateTime(a.pausedUntil)}`) : none),
      },
      { header: "MEMORY", value: (a) => (a.footprint ? describeFootprint(a.footprint) : none) },
      { header: "SOURCE", value: (a) => (a.builtIn ? output.colors.dim("built-in") : "yours") },
    ],
    "No agents.",
  );
}
