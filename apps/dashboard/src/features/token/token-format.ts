import type { Role, TokenInfo } from "@maestro/domain";

export const ROLE_LABELS: Record<Role, string> = { viewer: "Viewer", member: "Member", admin: "Admin" };

/** What each role may do, as the "Role" field's hint says it. */
export const ROLE_HINT =
  "Viewer reads; member plans, runs, reviews and approves; admin also manages agents, projects, tokens and settings.";

/** Live tokens first (newest first), then the revoked ones (most recently revoked first). */
export function sortTokens(tokens: readonly TokenInfo[]): TokenInfo[] {
  const time = (iso: string | null) => (iso ? Date.parse(iso) : 0);
  return [...tokens].sort((a, b) => {
    if ((a.revokedAt === null) !== (b.revokedAt === null)) return a.revokedAt === null ? -1 : 1;
    if (a.revokedAt && b.revokedAt) return time(b.revokedAt) - time(a.revokedAt);
    return time(b.createdAt) - time(a.createdAt);
  });
}
