import type { z } from "zod";
import { oneOf } from "./common";

/**
 * Why a session was asked to stop: a person (`stopped`), its task's time limit (`timeout`), its
 * agent printing nothing for the stall limit (`stalled`), or its agent's usage limit
 * (`usage_limit`, after which it waits instead of ending), or a budget its scope reached (`budget`).
 */
export const SESSION_STOP_REASONS = ["stopped", "timeout", "stalled", "usage_limit", "budget"] as const;
export const SessionStopReason = oneOf(SESSION_STOP_REASONS);
export type SessionStopReason = z.infer<typeof SessionStopReason>;

/**
 * Why an ended session ended, one word for the domain, the API, `--json` and the UI:
 * - `completed`: its agent exited 0;
 * - `failed`: a non-zero exit (the code is `exitCode`);
 * - `timed_out`: it ran past its task's time limit; `stalled`: its agent printed nothing for its stall limit;
 * - `usage_limit`: its agent's account hit a usage limit;
 * - `stopped`: a person stopped it (who is `stoppedBy`); `budget`: its scope's budget was reached;
 * - `runner_lost`: its runner stopped answering; `server_restart`: the server restarted under it;
 * - `spawn_failed`: it never started (executable missing, bad configuration);
 * - `checks_failed`: its work was done but the project's checks failed on it.
 */
export const END_REASONS = [
  "completed",
  "failed",
  "timed_out",
  "stalled",
  "usage_limit",
  "stopped",
  "budget",
  "runner_lost",
  "server_restart",
  "spawn_failed",
  "checks_failed",
] as const;
export const EndReason = oneOf(END_REASONS);
export type EndReason = z.infer<typeof EndReason>;
