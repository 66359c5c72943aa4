import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useTRPC } from "../../lib/trpc";

/**
 * Header link "N waiting on a usage limit" to the sessions paused until their agent's limit
 * resets (they resume by themselves); hidden at zero, kept live like the needs-input badge.
 */
export function UsageLimitBadge() {
  const trpc = useTRPC();
  const sessions = useQuery(trpc.session.list.queryOptions({ status: "waiting" }));
  const count = sessions.data?.length ?? 0;
  if (count === 0) return null;
  return (
    <Link
      to="/sessions?status=waiting"
      className="needs-input-badge usage-limit-badge"
      title="These sessions resume by themselves when their agent's usage limit resets"
    >
      <span className="needs-input-count">{count}</span> waiting on a usage limit
    </Link>
  );
}
