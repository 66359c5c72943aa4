import type { Db } from "@maestro/db";
import type { LandJob, LandJobMode, Task } from "@maestro/domain";
import { prBody, prTitle } from "./pull-request";

type PrJobFields = Pick<LandJob, "mode" | "prTitle" | "prBody" | "prUrl">;

/**
 * What a land job of `mode` adds for the runner, or null when its task is no longer in a state
 * that job is for (it settled meanwhile: the job is dropped). `land` and `open_pr` are for a task
 * `landing`; `check_pr` for one whose pull request is open (or closed: waiting, or queued again by `task land`).
 */
export async function prJobFieldsOf(tx: Db, mode: LandJobMode, task: Task): Promise<PrJobFields | null> {
  const { landState, prUrl } = task.landing;
  switch (mode) {
    case "land":
      return landState === "landing" ? { mode } : null;
    case "open_pr":
      return landState === "landing" ? { mode, prTitle: prTitle(task), prBody: await prBody(tx, task) } : null;
    case "check_pr":
      return landState === "pr_open" || landState === "waiting" || landState === "queued" ? { mode, prUrl } : null;
  }
}
