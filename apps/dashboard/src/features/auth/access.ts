import { type Me, type Role, roleAtLeast } from "@maestro/domain";

/**
 * The minimum role of each procedure the dashboard offers a control for. It mirrors the server's
 * access table (packages/server/src/access.ts), which alone enforces it: this copy only decides
 * what to hide, so a viewer never sees a button the server would refuse.
 */
export const PROCEDURE_ROLES = {
  "task.create": "member",
  "task.update": "member",
  "task.delete": "member",
  "task.retry": "member",
  "task.move": "member",
  "task.depend": "member",
  "task.undepend": "member",
  "task.review": "member",
  "task.land": "member",
  "task.resolve": "member",
  "session.start": "member",
  "session.stop": "member",
  "session.resume": "member",
  "autopilot.start": "member",
  "autopilot.pause": "member",
  "spec.create": "member",
  "spec.edit": "member",
  "spec.generate": "member",
  "spec.submit": "member",
  "spec.approve": "member",
  "spec.reject": "member",
  "spec.sync": "member",
  "steering.write": "member",
  "agent.add": "admin",
  "agent.update": "admin",
  "agent.remove": "admin",
  "agent.resume": "admin",
  "project.create": "admin",
  "project.update": "admin",
  "project.delete": "admin",
  "import.preview": "admin",
  "import.run": "admin",
  "webhook.byProject": "admin",
  "webhook.set": "admin",
  "webhook.deliveries": "admin",
  "token.list": "admin",
  "token.create": "admin",
  "token.revoke": "admin",
} as const satisfies Record<string, Role>;

export type GuardedProcedure = keyof typeof PROCEDURE_ROLES;

/** Whether the signed-in caller may call `procedure`; unknown (still loading) means no. */
export function mayCall(me: Me | undefined, procedure: GuardedProcedure): boolean {
  if (!me) return false;
  return roleAtLeast(me.role, PROCEDURE_ROLES[procedure]);
}

/** How the header names the caller: the token's name, else what kind of caller it is. */
export function describeMe(me: Me): { name: string; role: Role } {
  return { name: me.name ?? me.kind, role: me.role };
}
