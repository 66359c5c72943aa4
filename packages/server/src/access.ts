import { type Role, accessOf, roleAtLeast } from "@maestro/domain";

/**
 * Why a person may not call `path`, or undefined when they may. The table is the domain's
 * `ACCESS` (shared with the dashboard); a path it does not name is refused.
 */
export function personRefusal(path: string, person: { name: string; role: Role }): string | undefined {
  const needed = accessOf(path);
  if (needed === undefined) return `${path} is open to the owner only (it has no entry in the access table)`;
  if (needed === "owner") {
    return `${path} is open to the owner only, not to named tokens (${person.name} is ${person.role})`;
  }
  if (roleAtLeast(person.role, needed)) return undefined;
  return `${path} needs the ${needed} role; ${person.name} is ${person.role}`;
}
