import type { Db } from "@maestro/db";
import type { LandingOutcome, Task } from "@maestro/domain";
import type { RecordEvent } from "../unit-of-work";
import { changeLanding } from "./landing-writes";

type PrOpen = Extract<LandingOutcome, { kind: "pr_open" }>;

/**
 * A runner's PR mode answer that the pull request is open: opened now (its URL, or null with a
 * note saying how to open it by hand), or still open when checked (a URL known before is kept).
 */
export async function recordPrOpen(tx: Db, record: RecordEvent, task: Task, outcome: PrOpen): Promise<Task> {
  return await changeLanding(tx, record, task.id, {
    landing: {
      landState: "pr_open",
      prUrl: outcome.prUrl ?? task.landing.prUrl,
      note: outcome.note,
      landingCommit: null,
      conflictFiles: [],
    },
  });
}
