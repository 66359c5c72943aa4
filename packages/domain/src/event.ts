import { z } from "zod";
import { EntityRef, Id, Timestamp, oneOf } from "./common";
import { Project } from "./project";
import { AgentEvent } from "./agent-output/index";
import { AutopilotState } from "./autopilot/state";
import { ReportKind, Session } from "./session";
import { DOCUMENT_SOURCES, DocumentPhase, Spec, SpecReview } from "./spec";
import { PageLimit } from "./page";
import { Task } from "./task";
import { TaskCheck, TaskReview } from "./landing/views";

export const EVENT_ENTITIES = ["project", "task", "session", "spec"] as const;
export type EventEntity = (typeof EVENT_ENTITIES)[number];

/** Who made a change: the dashboard, the CLI, an agent session, or the system itself. */
export const Actor = z.string().min(1).max(200);
export type Actor = z.infer<typeof Actor>;

const base = {
  id: z.string(),
  projectId: Id,
  actor: Actor,
  ts: Timestamp,
};

/**
 * Every change is recorded after commit as one of these. Task events carry the full task so a
 * subscriber can update its view without a round trip.
 */
export const MaestroEvent = z.discriminatedUnion("kind", [
  z.object({
    ...base,
    kind: z.literal("project.created"),
    entity: z.literal("project"),
    entityId: Id,
    payload: z.object({ project: Project }),
  }),
  z.object({
    ...base,
    kind: z.literal("project.updated"),
    entity: z.literal("project"),
    entityId: Id,
    payload: z.object({ project: Project }),
  }),
  z.object({
    ...base,
    kind: z.literal("project.deleted"),
    entity: z.literal("project"),
    entityId: Id,
    payload: z.object({ key: z.string() }),
  }),
  z.object({
    ...base,
    kind: z.literal("task.created"),
    entity: z.literal("task"),
    entityId: Id,
    payload: z.object({ task: Task }),
  }),
  z.object({
    ...base,
    kind: z.literal("task.updated"),
    entity: z.literal("task"),
    entityId: Id,
    payload: z.object({ task: Task, changed: z.array(z.string()) }),
  }),
  z.object({
    ...base,
    kind: z.literal("task.reviewed"),
    entity: z.literal("task"),
    entityId: Id,
    payload: z.object({ review: TaskReview }),
  }),
  z.object({
    ...base,
    kind: z.literal("task.checked"),
    entity: z.literal("task"),
    entityId: Id,
    /** A check started (status running) or ended. */
    payload: z.object({ check: TaskCheck }),
  }),
  z.object({
    ...base,
    kind: z.literal("task.deleted"),
    entity: z.literal("task"),
    entityId: Id,
    payload: z.object({ key: z.string() }),
  }),
  z.object({
    ...base,
    kind: z.literal("session.created"),
    entity: z.literal("session"),
    entityId: Id,
    payload: z.object({ session: Session }),
  }),
  z.object({
    ...base,
    kind: z.literal("session.updated"),
    entity: z.literal("session"),
    entityId: Id,
    payload: z.object({ session: Session, changed: z.array(z.string()) }),
  }),
  z.object({
    ...base,
    kind: z.literal("session.reported"),
    entity: z.literal("session"),
    entityId: Id,
    payload: z.object({ report: ReportKind, text: z.string(), taskId: Id.nullable() }),
  }),
  /** A project's autopilot was started or paused (entityId is the project's id). */
  z.object({
    ...base,
    kind: z.literal("autopilot.updated"),
    entity: z.literal("project"),
    entityId: Id,
    payload: z.object({ autopilot: AutopilotState }),
  }),
  z.object({
    ...base,
    kind: z.literal("spec.created"),
    entity: z.literal("spec"),
    entityId: Id,
    payload: z.object({ spec: Spec }),
  }),
  /** Phase or status changed (`changed` names which). */
  z.object({
    ...base,
    kind: z.literal("spec.updated"),
    entity: z.literal("spec"),
    entityId: Id,
    payload: z.object({ spec: Spec, changed: z.array(z.string()) }),
  }),
  /** A new version of a phase document (from the API, a disk edit, or a ticked checkbox). */
  z.object({
    ...base,
    kind: z.literal("spec.versioned"),
    entity: z.literal("spec"),
    entityId: Id,
    payload: z.object({
      spec: Spec,
      phase: DocumentPhase,
      version: z.number().int(),
      source: z.enum(DOCUMENT_SOURCES),
    }),
  }),
  /** Submitted for review, approved, or changes requested, with the comment. */
  z.object({
    ...base,
    kind: z.literal("spec.reviewed"),
    entity: z.literal("spec"),
    entityId: Id,
    payload: z.object({ spec: Spec, review: SpecReview }),
  }),
  /** The approved tasks.md became tasks (keys created and updated). */
  z.object({
    ...base,
    kind: z.literal("spec.tasks_synced"),
    entity: z.literal("spec"),
    entityId: Id,
    payload: z.object({ spec: Spec, created: z.array(z.string()), updated: z.array(z.string()) }),
  }),
  /**
   * A task's (with its subtasks) or the project's spend reached its budget: autopilot holds the
   * scope back and its sessions are asked to stop. Recorded once, when the total crosses it.
   */
  z.object({
    ...base,
    kind: z.literal("budget.reached"),
    entity: z.enum(["project", "task"]),
    entityId: Id,
    payload: z.object({
      scope: z.enum(["project", "task"]),
      /** The task's or the project's key. */
      key: z.string(),
      metric: z.enum(["usd", "tokens"]),
      spent: z.number(),
      limit: z.number(),
      /** Sessions asked to stop. */
      stopped: z.array(Id),
    }),
  }),
  /**
   * A person lifted an account's usage-limit pause before its time: its profiles may start again
   * and its waiting sessions are queued again. Recorded in every project (the pause held each back).
   */
  z.object({
    ...base,
    kind: z.literal("account.resumed"),
    entity: z.literal("project"),
    entityId: Id,
    payload: z.object({
      account: z.string(),
      /** The profiles of the account. */
      profiles: z.array(z.string()),
      /** The pause lifted: until when it would have held, and why. */
      until: Timestamp,
      reason: z.string(),
    }),
  }),
  /** Structured output of agents that emit it (messages, tool uses, file edits, usage limits). */
  z.object({
    ...base,
    kind: z.literal("session.output"),
    entity: z.literal("session"),
    entityId: Id,
    payload: z.object({ event: AgentEvent }),
  }),
]);
export type MaestroEvent = z.infer<typeof MaestroEvent>;
export type MaestroEventKind = MaestroEvent["kind"];

/** Every event kind, in the order the union declares them. */
export const EVENT_KINDS = MaestroEvent.options.map((option) => option.shape.kind.value) as [
  MaestroEventKind,
  ...MaestroEventKind[],
];
export const EventKind = oneOf(EVENT_KINDS);
export type EventKind = z.infer<typeof EventKind>;

/** An event's id: the cursor a reader keeps to resume after it. */
export const EventId = z.string().regex(/^\d+$/, "must be an event id");
export type EventId = z.infer<typeof EventId>;

/** Only events of these kinds; omitted (or empty) means every kind. */
const KindsFilter = z
  .array(EventKind)
  .max(EVENT_KINDS.length * 2)
  .optional();

/** An event before it is stored: the store assigns `id` and `ts`. */
export type NewEvent = MaestroEvent extends infer E ? (E extends MaestroEvent ? Omit<E, "id" | "ts"> : never) : never;

export const EventSubscriptionInput = z.object({
  /** Only this project's events; omitted means every project's. */
  projectId: EntityRef.optional(),
  /** Resume after this event id (tRPC passes it back on reconnect). */
  lastEventId: EventId.nullish(),
  kinds: KindsFilter,
});
export type EventSubscriptionInput = z.infer<typeof EventSubscriptionInput>;

/** `session.onChanged`: session events (created, updated, reported, output), resumable. */
export const SessionSubscriptionInput = EventSubscriptionInput.extend({
  /** Only this session's events (a full id). */
  sessionId: z.string().min(1).max(100).optional(),
});
export type SessionSubscriptionInput = z.infer<typeof SessionSubscriptionInput>;

export const ListEventsInput = z.object({
  projectId: EntityRef.optional(),
  entityId: Id.optional(),
  kinds: KindsFilter,
  /** Only events after this id (`asc`): where a reader that kept the last id it saw resumes. */
  after: EventId.optional(),
  limit: PageLimit,
  /** The previous page's nextCursor: the next page in the same order. */
  cursor: z
    .string()
    .regex(/^\d{1,16}$/, "must be the nextCursor of a previous page")
    .nullish(),
  /** `desc` returns the newest first (an activity feed); `asc` pages forward. */
  order: z.enum(["asc", "desc"]).default("asc"),
});
export type ListEventsInput = z.input<typeof ListEventsInput>;
