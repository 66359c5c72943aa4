import { BUILT_IN_AGENTS } from "@maestro/domain";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AgentsTable } from "./agents-table";

describe("agents table", () => {
  it("shows each profile's account, derived ones too, and until when a paused one waits", () => {
    const claude = {
      ...BUILT_IN_AGENTS[0]!,
      usageAccount: "claude-code:default",
      pausedUntil: "2026-12-12T06:07:00.000Z",
      footprint: null,
    };
    const codex = { ...BUILT_IN_AGENTS[1]!, usageAccount: "team", pausedUntil: null, footprint: null };
    const html = renderToStaticMarkup(
      createElement(AgentsTable, { agents: [claude, codex], onEdit: () => {}, onRemove: () => {}, onResume: () => {} }),
    );
    expect(html).toContain(`<th scope="col">Account</th>`);
    const rows = html.split("<tr>").slice(2);
    expect(rows[0]).toContain("<code>claude-code:default</code>");
    expect(rows[0]).toContain("paused until 2026-12-12 06:07 UTC");
    expect(rows[1]).toContain("<code>team</code>");
    expect(rows[1]).not.toContain("paused until");
    expect(rows[0]).toContain(`aria-label="Resume account of ${claude.name}"`);
    expect(rows[1]).not.toContain("Resume account");
    expect(html.indexOf('<th scope="col">Memory</th>')).toBeLessThan(html.indexOf('<th scope="col">Account</th>'));
  });

  it("shows no edit, remove or resume buttons to who may not manage agents", () => {
    const paused = {
      ...BUILT_IN_AGENTS[0]!,
      usageAccount: "a",
      pausedUntil: "2026-12-12T06:07:00.000Z",
      footprint: null,
    };
    const html = renderToStaticMarkup(createElement(AgentsTable, { agents: [paused] }));
    expect(html).toContain("paused until");
    expect(html).not.toContain("<button");
    expect(html).not.toContain("Built in: cannot be removed");
  });
});
