import {
  type Announcements,
  type CollisionDetection,
  type ScreenReaderInstructions,
  pointerWithin,
  rectIntersection,
} from "@dnd-kit/core";
import type { TaskStatus } from "@maestro/domain";
import { STATUS_LABELS } from "../task-labels";

/** Pointer drags use the pointer position; keyboard drags (no pointer) the card's overlap. */
export const boardCollision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length > 0 ? hits : rectIntersection(args);
};

export const boardInstructions: ScreenReaderInstructions = {
  draggable:
    "To move a task to another status, press space or enter, use the left and right arrow keys to choose a column, then press space or enter to drop it. Press escape to cancel.",
};

function columnName(id: unknown): string {
  return STATUS_LABELS[id as TaskStatus] ?? String(id);
}

/** Spoken feedback names the task key (the draggable's id data) and the column. */
export function boardAnnouncements(keyOf: (id: unknown) => string): Announcements {
  return {
    onDragStart: ({ active }) => `Picked up ${keyOf(active.id)}.`,
    onDragOver: ({ active, over }) =>
      over ? `${keyOf(active.id)} is over ${columnName(over.id)}.` : `${keyOf(active.id)} is not over a column.`,
    onDragEnd: ({ active, over }) =>
      over ? `${keyOf(active.id)} dropped in ${columnName(over.id)}.` : `${keyOf(active.id)} was dropped.`,
    onDragCancel: ({ active }) => `Moving ${keyOf(active.id)} was cancelled.`,
  };
}
