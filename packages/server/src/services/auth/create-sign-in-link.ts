import { DomainError } from "@maestro/domain";
import type { Context } from "../../context";

/** A fresh one-time dashboard link, for the owner only: a link is the owner's power in a browser. */
export async function createSignInLink({ ctx }: { ctx: Context }): Promise<{ url: string; expiresAt: string }> {
  if (ctx.principal.kind !== "owner") {
    throw new DomainError("FORBIDDEN", "only the owner may ask for a dashboard sign-in link");
  }
  if (!ctx.dashboardAuth) {
    throw new DomainError("INVALID_INPUT", "sign-in links are issued by a running server only");
  }
  return await ctx.dashboardAuth.issueSignInLink(ctx.serverUrl);
}
