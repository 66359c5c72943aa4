import { type Db, deleteLandJobsOfProject, listTasksInLandStates } from "@maestro/db";
import type { Project } from "@maestro/domain";
import type { RecordEvent } from "../unit-of-work";
import { changeLanding } from "./landing-writes";

/**
 * A project whose `repositoryUrl` was removed is landed here again: its land jobs (queued or
 * claimed) end, and its tasks that waited for a runner go back to `queued` for the local lander.
 * Run in the update's transaction, so no runner claims a job of a project that has no remote.
 * A runner still landing one is refused its result (its job is gone).
 */
export async function takeBackRemoteLandings(
  tx: Db,
  record: RecordEvent,
  change: { before: Project; after: Project },
): Promise<void> {
  const { before, after } = change;
  if (before.settings.repositoryUrl === null || after.settings.repositoryUrl !== null) return;
  await deleteLandJobsOfProject(tx, after.id);
  const landing = await listTasksInLandStates(tx, ["landing"]);
  for (const task of landing.filter((each) => each.projectId === after.id)) {
    // A runner's intended commit is the remote's; the local lander records its own.
    await changeLanding(tx, record, task.id, { landing: { landState: "queued", note: null, landingCommit: null } });
  }
}
