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
