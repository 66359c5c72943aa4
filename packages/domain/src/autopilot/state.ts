import { z } from "zod";
import { EntityRef, Timestamp } from "../common";

export const AUTOPILOT_STATES = ["off", "on", "paused"] as const;
export type AutopilotStateName = (typeof AUTOPILOT_STATES)[number];

export const AutopilotState = z.object({
  projectId: z.string(),
  state: z.enum(AUTOPILOT_STATES),
  /** The project's own cap while autopilot runs it; null = the project's concurrency limit. */
  maxConcurrent: z.number().int().nullable(),
  /** Why it paused itself (e.g. "budget reached: $5.01 of $5.00"); null when a person paused it, or it is not paused. */
  pauseReason: z.string().nullable(),
  updatedAt: Timestamp.nullable(),
});
export type AutopilotState = z.infer<typeof AutopilotState>;

export const StartAutopilotInput = z.object({
  projectId: EntityRef,
  maxConcurrent: z.number().int().min(1, "must be at least 1").max(64, "must be at most 64").nullish(),
});
export type StartAutopilotInput = z.infer<typeof StartAutopilotInput>;

export const AutopilotRefInput = z.object({ projectId: EntityRef });
export type AutopilotRefInput = z.infer<typeof AutopilotRefInput>;

/** At most this many tasks' explanations per `autopilot.status` call (a page's worth). */
export const AUTOPILOT_STATUS_TASKS_MAX = 500;
/** The queue's first entries an `autopilot.status` answer holds; `queueLength` counts them all. */
export const AUTOPILOT_QUEUE_SHOWN = 50;

/**
 * `autopilot.status`: the explanations of the tasks asked about (ids or keys, e.g. the ones on
 * screen) and only counts for the rest, so the answer stays small however big the project.
 */
export const AutopilotStatusInput = AutopilotRefInput.extend({
  taskIds: z
    .array(EntityRef)
    .max(AUTOPILOT_STATUS_TASKS_MAX, `must hold at most ${AUTOPILOT_STATUS_TASKS_MAX} tasks (ask again for more)`)
    .optional(),
});
export type AutopilotStatusInput = z.infer<typeof AutopilotStatusInput>;
