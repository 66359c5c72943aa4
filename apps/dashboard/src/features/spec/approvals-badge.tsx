import { CountLink } from "../../components/count-link";
import { pendingReviews } from "./spec-format";
import { useAllSpecs } from "./use-specs";

/**
 * Header link to the approvals inbox, on every page: "Approvals" with a count badge. Live spec
 * events refetch the list behind it.
 */
export function ApprovalsLink() {
  const specs = useAllSpecs();
  const count = specs.data ? pendingReviews(specs.data).length : 0;
  return <CountLink to="/approvals" label="Approvals" count={count} />;
}
