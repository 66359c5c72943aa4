import { type Access, type Me, type Role, accessOf, mayCall as meMayCall } from "@maestro/domain";
import type { RouterInputs } from "@maestro/server";

/** Every procedure of the router by its path ("task.create"), so a control cannot name one that is not there. */
export type ProcedurePath = {
  [Router in keyof RouterInputs & string]: `${Router}.${keyof RouterInputs[Router] & string}`;
}[keyof RouterInputs & string];

/**
 * Whether the signed-in caller may call `procedure`, from the domain's access table (the one the
 * server enforces); unknown (auth.me still loading) means no, so nothing flashes into view.
 */
export function mayCall(me: Me | undefined, procedure: ProcedurePath): boolean {
  return me !== undefined && meMayCall(me, procedure);
}

/** The least role `procedure` needs; "owner" (or a path the table lacks) when no named token may call it. */
export function neededRole(procedure: ProcedurePath): Access {
  return accessOf(procedure) ?? "owner";
}

/** How the header names the caller: the token's name, else what kind of caller it is. */
export function describeMe(me: Me): { name: string; role: Role } {
  return { name: me.name ?? me.kind, role: me.role };
}
