import type { ReactNode } from "react";
import { EmptyState, Loading } from "../../components/empty-state";
import { PROCEDURE_ROLES, type GuardedProcedure, mayCall } from "./access";
import { useMe } from "./use-me";

interface OnlyIfAllowedProps {
  procedure: GuardedProcedure;
  /** What the page is for, completing "Only … may <what>." */
  what: string;
  children: ReactNode;
}

/**
 * A page opened by address that the caller's role may not use: it says so (and which role may)
 * instead of showing controls the server would refuse.
 */
export function OnlyIfAllowed({ procedure, what, children }: OnlyIfAllowedProps) {
  const me = useMe();
  if (!me) return <Loading label="Checking your role…" />;
  if (mayCall(me, procedure)) return children;
  const needed = PROCEDURE_ROLES[procedure];
  return (
    <EmptyState title={`Only ${needed === "admin" ? "an admin" : "a member or an admin"} may ${what}`}>
      <p>You are signed in as a {me.role}. Ask an admin for a token with the role you need.</p>
    </EmptyState>
  );
}
