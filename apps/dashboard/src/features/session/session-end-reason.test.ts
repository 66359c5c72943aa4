import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { makeSession } from "../../test/fixtures";
import { SessionEndReason } from "./session-end-reason";

const render = (props: Parameters<typeof SessionEndReason>[0]) =>
  renderToStaticMarkup(createElement(SessionEndReason, props));

describe("SessionEndReason", () => {
  it("says why a session ended in words, as text", () => {
    const failed = makeSession({ status: "failed", endReason: "failed", exitCode: 2 });
    expect(render({ session: failed })).toBe(
      '<span class="muted" data-end-reason="failed">failed with exit code 2</span>',
    );
    const stopped = makeSession({ status: "cancelled", endReason: "stopped", stoppedBy: "owner" });
    expect(render({ session: stopped, prefix: "Last session: " })).toContain("Last session: stopped by owner");
  });

  it("says what to fix when the agent could not start, and nothing for a session still running", () => {
    const error = "executable claude not found on PATH; install it or set the command of the profile";
    expect(render({ session: makeSession({ status: "failed", endReason: "spawn_failed", error }) })).toContain(
      `could not start: ${error}`,
    );
    expect(render({ session: makeSession({ status: "running" }) })).toBe("");
  });
});
