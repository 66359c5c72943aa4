import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useTRPC } from "../../lib/trpc";

/**
 * Header link "N need input" to the sessions waiting for an answer, on every page; hidden at
 * zero. The list is patched by live events, so it appears and goes away without a reload.
 */
export function NeedsInputBadge() {
  const trpc = useTRPC();
  const sessions = useQuery(trpc.session.list.queryOptions({ status: "needs_input" }));
  const count = sessions.data?.length ?? 0;
  if (count === 0) return null;
  return (
    <Link to="/sessions?status=needs_input" className="needs-input-badge">
      <span className="needs-input-count">{count}</span> need input
    </Link>
  );
}
