import {
  CHECK_STATUSES,
  CHECKS_STATES,
  LAND_STATES,
  REVIEW_STATES,
  SESSION_STATUSES,
  TASK_REVIEW_STATES,
  TASK_STATUSES,
} from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { AUTOPILOT_STATE_LABELS } from "../features/autopilot/autopilot-format";
import { LANDING_MARK_LABELS } from "../features/landing/landing-format";
import type { LiveStatus } from "../features/live/use-live-events";

const table = Object.values(
  import.meta.glob<string>("./status.css", { query: "?raw", import: "default", eager: true }),
);
const keyed = new Set(table.flatMap((css) => [...css.matchAll(/\[data-status="(\w+)"\]/g)].map((match) => match[1]!)));

const LIVE: LiveStatus[] = ["connecting", "live", "reconnecting", "offline"];
const shown = [
  ...TASK_STATUSES,
  ...SESSION_STATUSES,
  ...REVIEW_STATES,
  ...CHECKS_STATES,
  ...CHECK_STATUSES,
  ...TASK_REVIEW_STATES,
  ...LAND_STATES,
  ...Object.keys(LANDING_MARK_LABELS),
  ...Object.keys(AUTOPILOT_STATE_LABELS),
  ...LIVE,
];
/** Statuses meant to take the table's default look (slate, neutral pill). */
const DEFAULTS = ["todo", "queued", "draft", "off", "none"];

describe("the status colour table", () => {
  it("colours every status the dashboard shows, but for those meant to take the default", () => {
    expect(shown.filter((status) => !keyed.has(status) && !DEFAULTS.includes(status))).toEqual([]);
  });

  it("names only statuses that exist", () => {
    expect([...keyed].filter((status) => !shown.includes(status))).toEqual([]);
  });
});
