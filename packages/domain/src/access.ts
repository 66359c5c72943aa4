import { type Me, type Role, roleAtLeast } from "./role";

/** The least a person's token needs to call a procedure; `owner`: no named token may (the owner's own). */
export type Access = Role | "owner";

const READ = "viewer";
const WORK = "member";
const MANAGE = "admin";
const OWNER = "owner";

/**
 * Every procedure's minimum role, in one place (a test walks the router against it). viewer:
 * reads and subscriptions; member: plans, runs, reviews, approves, lands, reports; admin: agents,
 * projects, tokens, webhooks, settings, imports. The owner may call everything; agents and
 * runners keep their own rules (Meta in the server's trpc.ts). The server enforces it
 * (packages/server/src/access.ts, with a test that walks the router); the dashboard hides from it.
 */
export const ACCESS: Readonly<Record<string, Access>> = {
  "project.list": READ,
  "project.byId": READ,
  "project.spend": READ,
  "project.create": MANAGE,
  "project.update": MANAGE,
  "project.delete": MANAGE,

  "task.list": READ,
  "task.counts": READ,
  "task.byId": READ,
  "task.why": READ,
  "task.spend": READ,
  "task.diff": READ,
  "task.reviews": READ,
  "task.checks": READ,
  "task.overlaps": READ,
  "task.create": WORK,
  "task.update": WORK,
  "task.retry": WORK,
  "task.delete": WORK,
  "task.depend": WORK,
  "task.undepend": WORK,
  "task.move": WORK,
  "task.review": WORK,
  "task.land": WORK,
  "task.resolve": WORK,

  "event.list": READ,
  "event.onEvent": READ,

  "session.list": READ,
  "session.byId": READ,
  "session.manifest": READ,
  "session.preview": READ,
  "session.costs": READ,
  "session.log": READ,
  "session.onLog": READ,
  "session.onChanged": READ,
  "session.start": WORK,
  "session.stop": WORK,
  "session.resume": WORK,
  "session.report": WORK,

  "agent.list": READ,
  "agent.byName": READ,
  "agent.add": MANAGE,
  "agent.update": MANAGE,
  "agent.remove": MANAGE,
  "agent.resume": MANAGE,

  // The runners' protocol: a person's token is never a runner.
  "runner.claim": OWNER,
  "runner.release": OWNER,
  "runner.started": OWNER,
  "runner.log": OWNER,
  "runner.heartbeat": OWNER,
  "runner.checkStarted": OWNER,
  "runner.checkFinished": OWNER,
  "runner.finish": OWNER,
  "runner.reportDiff": OWNER,
  "runner.claimLanding": OWNER,
  "runner.landingIntent": OWNER,
  "runner.landingResult": OWNER,

  "autopilot.status": READ,
  "autopilot.graphFinished": READ,
  "autopilot.start": WORK,
  "autopilot.pause": WORK,

  "spec.list": READ,
  "spec.byId": READ,
  "spec.versions": READ,
  "spec.diff": READ,
  "spec.tasksPreview": READ,
  "spec.traceability": READ,
  "spec.create": WORK,
  "spec.edit": WORK,
  "spec.generate": WORK,
  "spec.submit": WORK,
  "spec.approve": WORK,
  "spec.reject": WORK,
  "spec.sync": WORK,

  "steering.list": READ,
  "steering.read": READ,
  "steering.write": WORK,

  "worktree.list": READ,
  "worktree.prune": WORK,

  "auth.me": READ,
  // A sign-in link is the owner's power in a browser.
  "auth.signInLink": OWNER,

  "token.list": MANAGE,
  "token.create": MANAGE,
  "token.revoke": MANAGE,

  // A webhook's target and deliveries are settings: they may name private hosts.
  "webhook.byProject": MANAGE,
  "webhook.set": MANAGE,
  "webhook.deliveries": MANAGE,

  "attention.counts": READ,

  "import.preview": MANAGE,
  "import.run": MANAGE,
  "export.run": READ,
};

/** The least role `path` needs from a person, or undefined for a path the table does not name (refused). */
export function accessOf(path: string): Access | undefined {
  return Object.hasOwn(ACCESS, path) ? ACCESS[path] : undefined;
}

/** Whether `me` may call `path`: what the dashboard shows; the server decides it the same way. */
export function mayCall(me: Me, path: string): boolean {
  if (me.kind === "owner") return true;
  const needed = accessOf(path);
  return needed !== undefined && needed !== "owner" && roleAtLeast(me.role, needed);
}
