import { NOTICE_KINDS } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { DEFAULT_NOTIFY_PREFS, parseNotifyPrefs } from "./notify-prefs";

describe("parseNotifyPrefs", () => {
  it("is off with every kind until the person opts in", () => {
    expect(parseNotifyPrefs(null)).toEqual({ isEnabled: false, kinds: [...NOTICE_KINDS] });
    expect(parseNotifyPrefs("not json")).toEqual(DEFAULT_NOTIFY_PREFS);
  });

  it("keeps a stored choice and drops kinds it does not know", () => {
    const raw = JSON.stringify({ isEnabled: true, kinds: ["failed", "gone", "needs_input"] });
    expect(parseNotifyPrefs(raw)).toEqual({ isEnabled: true, kinds: ["needs_input", "failed"] });
    expect(parseNotifyPrefs(JSON.stringify({ isEnabled: "yes" })).isEnabled).toBe(false);
  });
});
