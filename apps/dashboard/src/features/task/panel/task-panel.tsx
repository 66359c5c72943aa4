/*
 * Task panel (opened by `?task=KEY`). Accessible names for tests:
 * dialog "Task <KEY>" (non-modal side panel; Escape closes); button "Close task panel";
 * inputs "Title", "Description", "Acceptance criterion N" + buttons "Remove criterion N",
 * "Add criterion"; selects "Status", "Priority", "Parent", "Add dependency", each with a search
 * box ("Find the task above this one", "Find a task to wait for"); buttons
 * "Remove dependency <KEY>", "Save task", "Reload task" (after a conflict), "Add subtask",
 * "Delete task" → dialog "Delete <KEY>?"; server errors (cycles…) in role="alert"; region "Activity";
 * button "Run" → dialog "Run <KEY>" (see run-dialog.tsx); region "Sessions" with links "Attempt N · <agent>";
 * region "Why not running" with button "Retry" on a failed task, "Release" on a held one (see task-why.tsx);
 * region "Budget" with meter "Spend of task <KEY>" and form "Budget of task <KEY>" (see budget/task-budget.tsx);
 * note "Overlapping work" (see overlap-notice.tsx); tablist "Task views" with tabs "Details" and
 * "Changes" (`&tab=changes`; see changes-tab.tsx). Who may not edit tasks (a viewer) sees the task read
 * only (list "Acceptance criteria", its facts) and no "Run", "Add subtask" or "Delete task".
 */
import { useCan } from "../../auth/use-me";
import type { Project, Task } from "@maestro/domain";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useRef, useState } from "react";
import { Fact, Facts } from "../../../components/facts";
import { Tabs } from "../../../components/tabs";
import { useTRPC } from "../../../lib/trpc";
import { ChangesTab } from "../../landing/changes-tab";
import { OverlapNotice } from "../../landing/overlap-notice";
import { TaskWhy } from "../../autopilot/task-why";
import { TaskBudget } from "../../budget/task-budget";
import { RunDialog } from "../../session/run-dialog";
import { TaskSessions } from "../../session/task-sessions";
import { NewTaskDialog } from "../new-task-dialog";
import { type TaskIndex, descendantIds } from "../task-index";
import { formatTime } from "../task-labels";
import { TaskStatusBadge } from "../task-status-badge";
import { DeleteTaskDialog } from "./delete-task-dialog";
import { TaskActivity } from "./task-activity";
import { TaskEditor } from "./task-editor";
import styles from "./task-panel.module.css";
import { TaskSummary } from "./task-summary";

export type PanelTab = "details" | "changes";
const TABS: { id: PanelTab; label: string }[] = [
  { id: "details", label: "Details" },
  { id: "changes", label: "Changes" },
];

interface TaskPanelProps {
  project: Project;
  taskKey: string;
  index: TaskIndex;
  tab: PanelTab;
  onTab: (tab: PanelTab) => void;
  onClose: () => void;
}

export function TaskPanel({ project, taskKey, index, tab, onTab, onClose }: TaskPanelProps) {
  const found = usePanelTask(project, taskKey, index);
  const task = found === "loading" ? undefined : found;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const [dialog, setDialog] = useState<"delete" | "subtask" | "run" | null>(null);
  const canRun = useCan("session.start");

  useEffect(() => headingRef.current?.focus(), []);

  const close = () => {
    onClose();
    // Give focus back to where the task lives on the board or in the tree.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-task-key="${taskKey}"] a`)?.focus());
  };
  // Escape closes the panel when focus is in it, or lost (a removed button leaves it on body);
  // not while a modal dialog is open or a card is being dragged (Escape cancels those).
  const onEscape = useEffectEvent((event: KeyboardEvent) => {
    if (event.key !== "Escape" || event.defaultPrevented || document.querySelector("dialog[open]")) return;
    const focused = document.activeElement;
    if (focused === document.body || (focused && panelRef.current?.contains(focused))) close();
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onEscape(event);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);

  return (
    <aside ref={panelRef} className={`box ${styles.panel}`} role="dialog" aria-label={`Task ${taskKey}`}>
      <div className={styles.header}>
        <h2 ref={headingRef} tabIndex={-1} className={styles.title}>
          {task?.key ?? taskKey}
          {task ? <TaskStatusBadge status={task.status} /> : null}
        </h2>
        <div className={styles.headerActions}>
          {task && canRun ? (
            <button type="button" className="button button--primary button--small" onClick={() => setDialog("run")}>
              Run
            </button>
          ) : null}
          <button type="button" className="icon-button" aria-label="Close task panel" onClick={close}>
            ×
          </button>
        </div>
      </div>
      {found === "loading" ? <p className="muted">Loading {taskKey}…</p> : null}
      {found === "loading" ? null : !task ? (
        <p className="muted">
          Task {taskKey} is not in {project.key}; it may have been deleted.
        </p>
      ) : (
        <>
          <OverlapNotice task={task} />
          <Tabs label="Task views" tabs={TABS} selected={tab} onSelect={onTab}>
            {tab === "changes" ? <ChangesTab task={task} /> : null}
            {/* Kept while hidden: an edit in progress survives a look at the changes. */}
            <div hidden={tab !== "details"} className={styles.details}>
              <TaskDetails task={task} index={index} onDialog={setDialog} />
            </div>
          </Tabs>
          {dialog === "delete" ? (
            <DeleteTaskDialog
              task={task}
              subtaskCount={descendantIds(index, task.id).size}
              onDeleted={onClose}
              onClose={() => setDialog(null)}
            />
          ) : null}
          {dialog === "run" ? <RunDialog project={project} task={task} onClose={() => setDialog(null)} /> : null}
          {dialog === "subtask" ? (
            <NewTaskDialog project={project} index={index} parentId={task.id} onClose={() => setDialog(null)} />
          ) : null}
        </>
      )}
    </aside>
  );
}

/** The task from the loaded lists, else fetched by key (a big project's task not loaded yet). */
function usePanelTask(project: Project, taskKey: string, index: TaskIndex): Task | "loading" | undefined {
  const trpc = useTRPC();
  const key = taskKey.toUpperCase();
  const known = index.byKey.get(key);
  const fetched = useQuery({ ...trpc.task.byId.queryOptions({ id: key }), enabled: !known, retry: false });
  if (known) return known;
  if (fetched.isPending) return "loading";
  return fetched.data?.projectId === project.id ? fetched.data : undefined;
}

interface TaskDetailsProps {
  task: Task;
  index: TaskIndex;
  onDialog: (dialog: "delete" | "subtask") => void;
}

/** The Details tab: why it is (not) running, the editor, times, sessions and activity. */
function TaskDetails({ task, index, onDialog }: TaskDetailsProps) {
  const canEdit = useCan("task.update");
  const canCreate = useCan("task.create");
  const canDelete = useCan("task.delete");
  return (
    <>
      <TaskWhy task={task} />
      {canEdit ? <TaskEditor key={task.id} task={task} index={index} /> : <TaskSummary task={task} index={index} />}
      {canCreate || canDelete ? (
        <div className={styles.actions}>
          {canCreate ? (
            <button type="button" className="button button--small" onClick={() => onDialog("subtask")}>
              Add subtask
            </button>
          ) : null}
          {canDelete ? (
            <button
              type="button"
              className="button button--small button--danger-ghost"
              onClick={() => onDialog("delete")}
            >
              Delete task
            </button>
          ) : null}
        </div>
      ) : null}
      <Facts>
        <Fact term="Created">{formatTime(task.createdAt)}</Fact>
        <Fact term="Updated">{formatTime(task.updatedAt)}</Fact>
        {task.startedAt ? <Fact term="Started">{formatTime(task.startedAt)}</Fact> : null}
        {task.completedAt ? <Fact term="Completed">{formatTime(task.completedAt)}</Fact> : null}
        <Fact term="Version">{task.version}</Fact>
      </Facts>
      <TaskBudget task={task} />
      <TaskSessions task={task} />
      <TaskActivity task={task} />
    </>
  );
}
