import { z } from "zod";

/**
 * Why a session was asked to stop: a person (`stopped`), its task's time limit (`timeout`), its
 * agent printing nothing for the stall limit (`stalled`), or its agent's usage limit
 * (`usage_limit`, after which it waits instead of ending).
 */
export const SESSION_STOP_REASONS = ["stopped", "timeout", "stalled", "usage_limit"] as const;
export const SessionStopReason = z.enum(SESSION_STOP_REASONS);
export type SessionStopReason = z.infer<typeof SessionStopReason>;
