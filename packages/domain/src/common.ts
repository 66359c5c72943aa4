import { z } from "zod";

export const MAX_TITLE_LENGTH = 500;
export const MAX_TEXT_LENGTH = 20_000;

/** Timestamps cross every boundary (API, CLI --json, events) as ISO-8601 strings. */
export const Timestamp = z.string();
export type Timestamp = z.infer<typeof Timestamp>;

export const Id = z.string().trim().min(1, "must not be empty").max(100, "is too long");

/** A reference to an entity: its id or its human key (`WEB` for a project, `WEB-12` for a task). */
export const EntityRef = z.string().trim().min(1, "must not be empty").max(100, "is too long");
export type EntityRef = z.infer<typeof EntityRef>;

export function requiredText(max: number) {
  return z
    .string({ error: "is required" })
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`);
}

/** One of a fixed list of values; a wrong one is named in the error along with every right one. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) => `must be one of ${values.join(", ")} (got ${JSON.stringify(issue.input)})`,
  });
}

export function optionalText(max: number) {
  return z.string().max(max, `must be at most ${max} characters`);
}

export function toIso(date: Date): string {
  return date.toISOString();
}
