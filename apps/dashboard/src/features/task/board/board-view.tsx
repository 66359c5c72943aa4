/*
 * Board. Accessible names for tests:
 * region "Board"; one region per status named "To do", "In progress", "In review", "Done",
 * "Blocked", "Failed", "Cancelled", each loading a page of cards at a time (more on scroll, or
 * button "Load more <Status> tasks"); per card: link "<KEY> <title>" (opens the panel),
 * select "Status of <KEY>", drag handle button "Drag <KEY>" (neither for a viewer); refused moves show
 * role="alert".
 */
import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { TASK_STATUSES, type TaskStatus } from "@maestro/domain";
import { useMemo, useState } from "react";
import { useCan } from "../../auth/use-me";
import { NoTasks } from "../no-tasks";
import { ErrorAlert } from "../../../components/error-alert";
import { useProjectContext } from "../../project/project-context";
import { useTaskCounts } from "../use-project-tasks";
import { useSetTaskStatus } from "../use-task-mutations";
import { boardAnnouncements, boardCollision, boardInstructions } from "./board-dnd";
import { ColumnKeyboardSensor } from "./column-keyboard-sensor";
import { BoardColumn } from "./board-column";
import styles from "./board-view.module.css";
import { TaskCardOverlay } from "./task-card";

export function BoardView() {
  const { project, index } = useProjectContext();
  const { setStatus, error, reset } = useSetTaskStatus();
  const canMove = useCan("task.update");
  const [activeId, setActiveId] = useState<string | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(ColumnKeyboardSensor),
  );
  const counts = useTaskCounts(project.id);
  const active = activeId ? index.byId.get(activeId) : undefined;
  const announcements = useMemo(
    () => boardAnnouncements((id) => index.byId.get(String(id))?.key ?? String(id)),
    [index],
  );

  const onDragStart = ({ active: dragged }: DragStartEvent) => {
    reset();
    setActiveId(String(dragged.id));
  };
  const onDragEnd = ({ active: dragged, over }: DragEndEvent) => {
    setActiveId(null);
    const task = index.byId.get(String(dragged.id));
    if (task && over) setStatus(task, over.id as TaskStatus);
  };

  return (
    <section className={styles.view} aria-label="Board">
      <ErrorAlert error={error} onDismiss={reset} />
      {counts.data?.total === 0 ? <NoTasks projectKey={project.key} /> : null}
      <DndContext
        sensors={sensors}
        collisionDetection={boardCollision}
        accessibility={{ announcements, screenReaderInstructions: boardInstructions }}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setActiveId(null)}
      >
        <div className={styles.board}>
          {TASK_STATUSES.map((status) => (
            <BoardColumn
              key={status}
              projectId={project.id}
              status={status}
              count={counts.data?.byStatus[status]}
              index={index}
              draggedTask={active}
              onStatusChange={
                canMove
                  ? (task, next) => {
                      reset();
                      setStatus(task, next);
                    }
                  : undefined
              }
            />
          ))}
        </div>
        <DragOverlay dropAnimation={null}>
          {active ? <TaskCardOverlay task={active} index={index} /> : null}
        </DragOverlay>
      </DndContext>
    </section>
  );
}
