import { useQuery } from "@tanstack/react-query";
import { NavLink } from "react-router";
import { useTRPC } from "../../lib/trpc";
import styles from "./approvals-badge.module.css";
import { pendingReviews } from "./spec-format";

/**
 * Header link to the approvals inbox, on every page: "Approvals" with a count badge; its name
 * says the count ("Approvals, 2 waiting"). Live spec events refetch the list behind it.
 */
export function ApprovalsLink() {
  const trpc = useTRPC();
  const specs = useQuery(trpc.spec.list.queryOptions({}));
  const count = specs.data ? pendingReviews(specs.data).length : 0;
  return (
    <NavLink to="/approvals" aria-label={`Approvals, ${count} waiting`} className={styles.link}>
      Approvals
      {count > 0 ? (
        <span className={styles.count} aria-hidden="true">
          {count}
        </span>
      ) : null}
    </NavLink>
  );
}
