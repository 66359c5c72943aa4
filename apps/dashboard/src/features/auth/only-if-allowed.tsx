import type { Access } from "@maestro/domain";
import type { ReactNode } from "react";
import { EmptyState, Loading } from "../../components/empty-state";
import { type ProcedurePath, mayCall, neededRole } from "./access";
import { useMe } from "./use-me";

const WHO_MAY: Record<Access, string> = {
  viewer: "a signed-in person",
  member: "a member or an admin",
  admin: "an admin",
  owner: "the owner",
};

interface OnlyIfAllowedProps {
  procedure: ProcedurePath;
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
  return (
    <EmptyState title={`Only ${WHO_MAY[neededRole(procedure)]} may ${what}`}>
      <p>You are signed in as a {me.role}. Ask an admin for a token with the role you need.</p>
    </EmptyState>
  );
}
