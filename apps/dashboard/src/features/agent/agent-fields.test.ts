import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AgentFields } from "./agent-fields";
import { EMPTY_AGENT_FORM } from "./agent-form";

/** The control labelled `label`, found as a person with a screen reader would: through its <label for>. */
function controlLabelled(html: string, label: string): string | null {
  const id = new RegExp(`<label for="([^"]+)">${label}</label>`).exec(html)?.[1];
  return id ? (new RegExp(`<(input|textarea|select)[^>]*id="${id}"[^>]*>`).exec(html)?.[0] ?? null) : null;
}

describe("agent fields", () => {
  it("has an Account field, named by its label, that says which account an empty one derives", () => {
    const form = { ...EMPTY_AGENT_FORM, name: "opus", adapter: "claude-code" as const, account: "team" };
    const html = renderToStaticMarkup(createElement(AgentFields, { form, isEditing: false, update: () => {} }));
    const input = controlLabelled(html, "Account");
    expect(input).toMatch(/value="team"/);
    expect(html).toContain("Empty: claude-code:default");
  });
});
