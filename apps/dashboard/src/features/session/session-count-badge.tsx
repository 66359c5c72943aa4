import type { SessionStatus } from "@maestro/domain";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useTRPC } from "../../lib/trpc";
import styles from "./session-count-badge.module.css";

interface SessionCountBadgeProps {
  status: SessionStatus;
  /** What the count says ("need input", "waiting on a usage limit"). */
  label: string;
  title?: string;
}

/**
 * Header link "N <label>" to the sessions in one status, on every page: those that need an
 * answer, those paused until their agent's usage limit resets (they resume by themselves).
 * Hidden at zero; the list is patched by live events, so it comes and goes without a reload.
 */
export function SessionCountBadge({ status, label, title }: SessionCountBadgeProps) {
  const trpc = useTRPC();
  const sessions = useQuery(trpc.session.list.queryOptions({ status }));
  const count = sessions.data?.items.length ?? 0;
  if (count === 0) return null;
  // One page is counted; past it the badge says "100+".
  const more = sessions.data?.nextCursor ? "+" : "";
  return (
    <Link to={`/sessions?status=${status}`} className={styles.badge} title={title}>
      <span className={styles.count}>
        {count}
        {more}
      </span>{" "}
      {label}
    </Link>
  );
}
