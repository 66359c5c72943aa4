import { DomainError } from "@maestro/domain";
import type { Context } from "../../context";

/**
 * A fresh one-time dashboard link, for the owner only: a link is the owner's power in a browser.
 * The kind is compared as a string so this reads the same whether the owner is named "user" or "owner".
 */
export function createSignInLink({ ctx }: { ctx: Context }): { url: string; expiresAt: string } {
  const kind: string = ctx.principal.kind;
  if (kind !== "owner" && kind !== "user") {
    throw new DomainError("FORBIDDEN", "only the owner may ask for a dashboard sign-in link");
  }
  if (!ctx.dashboardAuth) {
    throw new DomainError("INVALID_INPUT", "sign-in links are issued by a running server only");
  }
  return ctx.dashboardAuth.issueSignInLink(ctx.serverUrl);
}
