import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { makeTask } from "../../test/fixtures";
import { WhyAction } from "./why-action";

const render = (task: ReturnType<typeof makeTask>) =>
  renderToStaticMarkup(createElement(WhyAction, { task, isPending: false, className: "retry", onAct: () => {} }));

describe("WhyAction", () => {
  it("offers Release on a task a stop holds, so autopilot may run it again", () => {
    const held = makeTask({ key: "WEB-3", heldAt: "2026-12-05T12:03:00.000Z", heldBy: "owner" });
    const html = render(held);
    expect(html).toContain(">Release</button>");
    expect(html).toContain('title="Let autopilot run WEB-3 again"');
  });

  it("offers Retry on a failed task and nothing on a todo task that is not held", () => {
    expect(render(makeTask({ status: "failed" }))).toContain(">Retry</button>");
    expect(render(makeTask({ status: "todo" }))).toBe("");
    expect(render(makeTask({ status: "done", heldAt: "2026-12-05T12:03:00.000Z", heldBy: "owner" }))).toBe("");
  });
});
