import { type EndedSessionFacts, describeEndReason } from "@maestro/domain";

/**
 * Why a session ended, in words ("failed with exit code 2", "stopped by owner"), as plain text
 * so screen readers read it with its label; nothing while the session has not ended.
 */
export function SessionEndReason({ session, prefix = "" }: { session: EndedSessionFacts; prefix?: string }) {
  const text = describeEndReason(session);
  if (text === null) return null;
  return (
    <span className="muted" data-end-reason={session.endReason}>
      {prefix}
      {text}
    </span>
  );
}
