import { useQuery } from "@tanstack/react-query";
import { CountLink } from "../../components/count-link";
import { useTRPC } from "../../lib/trpc";
import { pendingReviews } from "./spec-format";

/**
 * Header link to the approvals inbox, on every page: "Approvals" with a count badge. Live spec
 * events refetch the list behind it.
 */
export function ApprovalsLink() {
  const trpc = useTRPC();
  const specs = useQuery(trpc.spec.list.queryOptions({}));
  const count = specs.data ? pendingReviews(specs.data).length : 0;
  return <CountLink to="/approvals" label="Approvals" count={count} />;
}
