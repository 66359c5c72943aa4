import { type AgentProfile, CREDENTIAL_ENV } from "./agent";

/** What decides a profile's account. */
export type AccountProfile = Pick<AgentProfile, "name" | "adapter" | "envAllowlist" | "account">;

/**
 * The account a profile's usage counts against (a usage limit pauses every profile of it): its
 * explicit `account`, else one derived from how it signs in — its adapter and the credential
 * variables (CREDENTIAL_ENV) it passes through. So the built-in claude-code and a "claude-opus"
 * profile with the same adapter and the same credential variables share one. A derived key holds
 * a ':', which an explicit AccountName cannot, so the two never meet by accident:
 * `claude-code:default` (all of the adapter's credential variables), `claude-code:ANTHROPIC_API_KEY`
 * (some), `claude-code:login` (none: the tool's own login), `profile:<name>` (custom and shell
 * profiles, which have no known credential variable: each is its own account).
 */
export function accountOf(profile: AccountProfile): string {
  if (profile.account !== null) return profile.account;
  const known = CREDENTIAL_ENV[profile.adapter];
  if (known.length === 0) return `profile:${profile.name}`;
  const passed = known.filter((name) => profile.envAllowlist.includes(name));
  if (passed.length === known.length) return `${profile.adapter}:default`;
  return `${profile.adapter}:${passed.length > 0 ? passed.join("+") : "login"}`;
}

/** A usage-limit pause of one account, until `until` (ISO time). */
export interface AccountPause {
  account: string;
  until: string;
  reason: string;
}

/**
 * Each profile's pause in force: its account's. Computed when asked rather than copied onto
 * every profile when the limit is hit, so a profile that joins a paused account (an edit, a new
 * profile) is paused too, and one that leaves it is not.
 */
export function pausesByProfile(
  profiles: readonly AccountProfile[],
  pauses: readonly AccountPause[],
): Map<string, AccountPause> {
  const byAccount = new Map(pauses.map((pause) => [pause.account, pause]));
  const result = new Map<string, AccountPause>();
  for (const profile of profiles) {
    const pause = byAccount.get(accountOf(profile));
    if (pause) result.set(profile.name, pause);
  }
  return result;
}
