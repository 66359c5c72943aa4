import type { CommandSpec } from "../command";

/**
 * `maestro dashboard`: asks the running server for a fresh one-time sign-in link. The code sits in
 * the URL's #fragment, which browsers never send to a server, so it stays out of logs and Referer.
 */
export const dashboard: CommandSpec = {
  path: ["dashboard"],
  summary: "print a fresh one-time link that signs your browser in to the dashboard",
  examples: ["maestro dashboard", "maestro dashboard --json"],
  async run(ctx) {
    const link = await ctx.client().auth.signInLink.mutate();
    ctx.output.result(link, () =>
      [
        "Open this link to sign in to the dashboard (it works once, for 10 minutes):",
        `  ${ctx.output.colors.bold(link.url)}`,
      ].join("\n"),
    );
  },
};
