import { LAND_JOB_MODES, type LandJob, type LandingOutcome, messageOf } from "@maestro/domain";
import { TRPCClientError } from "@trpc/client";
import { deliver } from "./deliver";
import { cleanUpLanded } from "./land-cleanup";
import { type LandDeps, landOnRemote } from "./land-on-remote";
import { type LandingApi, landingApiOf } from "./landing-api";
import { checkPrOnRemote, openPrOnRemote } from "./pr-on-remote";
import { type RunnerState, reportError } from "./runner-state";

/** How long the server holds an idle runner's land claim open before answering "nothing yet". */
export const LANDING_WAIT_MS = 25_000;

/** A server that does not know `runner.claimLanding` (an older one) is asked again only this often. */
export const UNKNOWN_PROCEDURE_PAUSE_MS = 5 * 60_000;

/** The server has no such procedure (NOT_FOUND that is no domain error): it is older than landing on runners. */
function isUnknownProcedure(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const data = error.data as { code?: unknown; domainCode?: unknown } | undefined;
  return data?.code === "NOT_FOUND" && !data.domainCode;
}

function describe(outcome: LandingOutcome): string {
  switch (outcome.kind) {
    case "landed":
      return `landed as ${outcome.commit.slice(0, 12)}`;
    case "conflict":
      return `conflicts in ${outcome.files.length} file(s)`;
    case "waiting":
      return `waiting: ${outcome.note}`;
    case "pr_open":
      return `pull request open: ${outcome.prUrl ?? outcome.note ?? "no URL"}`;
  }
}

/** Does what the job asks; a job from a server before PR mode has no mode: it is a landing. */
function doLandJob(job: LandJob, deps: LandDeps): Promise<LandingOutcome> {
  const mode = job.mode ?? "land";
  switch (mode) {
    case "land":
      return landOnRemote(job, deps);
    case "open_pr":
      return openPrOnRemote(job, deps);
    case "check_pr":
      return checkPrOnRemote(job, deps);
  }
}

/** Lands the job and delivers its outcome, the job carried by every heartbeat meanwhile. */
async function landAndReport(state: RunnerState, { api, home }: { api: LandingApi; home: string }, job: LandJob) {
  const ref = { jobId: job.jobId, lease: job.lease };
  const label = `land job ${job.taskKey}`;
  // Its claim lasts as long as heartbeats carry it: through the landing and the outcome's delivery.
  state.landingJob = ref;
  try {
    const outcome = await doLandJob(job, {
      home,
      reportIntent: (commit) => api.landingIntent({ ...ref, commit }),
    });
    state.log(`${label}: ${describe(outcome)}`);
    const giveUp = state.giveUp.signal;
    await deliver((signal) => api.landingResult({ ...ref, outcome }, { signal }), {
      what: "its outcome",
      label,
      log: state.log,
      giveUp,
    });
    return outcome;
  } finally {
    state.landingJob = undefined;
  }
}

/** Lands one claimed job, reports its outcome (kept until heard), then clears away what landed. */
async function runLandJob(state: RunnerState, { api, home }: { api: LandingApi; home: string }, job: LandJob) {
  const outcome = await landAndReport(state, { api, home }, job);
  if (outcome.kind !== "landed") return;
  const label = `land job ${job.taskKey}`;
  const problems = await cleanUpLanded(job, { home, landed: outcome.commit }).catch((error: unknown) => [
    messageOf(error),
  ]);
  for (const problem of problems) state.log(`${label}: ${problem}`);
}

/**
 * Claims land jobs one at a time for as long as the runner runs, each claim held open by the
 * server (long poll, like sessions' claims). An answer with nothing well before the wait ran out
 * ends the loop; the poll timer starts it again.
 */
async function landingLoop(state: RunnerState, deps: { api: LandingApi; home: string }): Promise<void> {
  while (!state.stopped) {
    const asked = Date.now();
    const job = await deps.api.claimLanding(
      { runnerId: state.runnerId, waitMs: LANDING_WAIT_MS, modes: [...LAND_JOB_MODES] },
      { signal: state.landingAbort.signal },
    );
    if (!job) {
      if (Date.now() - asked < LANDING_WAIT_MS / 2) return;
      continue;
    }
    await runLandJob(state, deps, job);
  }
}

/** Single-flight, like claimAll: one landing loop at a time; a wake-up while it runs changes nothing. */
export function claimLandings(state: RunnerState, now = Date.now()): void {
  if (state.stopped || !state.deps || state.landing || now < state.landingPausedUntil) return;
  const api = state.deps.landing ?? landingApiOf(state.client);
  state.landing = landingLoop(state, { api, home: state.deps.launch.home })
    .catch((error: unknown) => {
      if (state.stopped) return;
      if (!isUnknownProcedure(error)) return reportError(state, error);
      // An older server: not an error worth a line every second; asked again now and then.
      state.landingPausedUntil = Date.now() + UNKNOWN_PROCEDURE_PAUSE_MS;
    })
    .finally(() => (state.landing = undefined));
}
