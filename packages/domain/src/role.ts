import { z } from "zod";

/**
 * What a named token (a person or a script on a team server) may do. viewer reads; member plans,
 * runs, reviews and approves; admin also manages agents, projects, tokens and settings. The owner
 * token is above every role.
 */
export const ROLES = ["viewer", "member", "admin"] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2 };

/** Whether `role` may do what needs `required`. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

/** A token's name: what events and approvals record for the person (`person:<name>`). */
export const TokenName = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    "may hold only letters, digits, '.', '_' and '-', starting with a letter or digit",
  );

/** Who the caller is, as `auth.me` answers it: the dashboard hides what `role` may not do. */
export const Me = z.object({
  kind: z.enum(["owner", "person", "agent", "runner"]),
  /** The token's name for a person; null for the owner, an agent or a runner. */
  name: z.string().nullable(),
  /** The owner counts as admin; an agent or a runner as member (their procedures are limited elsewhere). */
  role: Role,
});
export type Me = z.infer<typeof Me>;
