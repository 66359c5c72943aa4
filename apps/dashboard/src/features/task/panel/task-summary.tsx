import type { Task } from "@maestro/domain";
import { Fact, Facts } from "../../../components/facts";
import type { TaskIndex } from "../task-index";
import { PRIORITY_LABELS, STATUS_LABELS } from "../task-labels";

/** What the editor shows, read only: the panel of someone who may not edit tasks (a viewer). */
export function TaskSummary({ task, index }: { task: Task; index: TaskIndex }) {
  const keyOf = (id: string) => index.byId.get(id)?.key ?? id;
  return (
    <div className="form">
      <h3>{task.title}</h3>
      {task.description ? <p>{task.description}</p> : null}
      {task.acceptanceCriteria.length > 0 ? (
        <ul aria-label="Acceptance criteria">
          {task.acceptanceCriteria.map((criterion, position) => (
            <li key={position}>{criterion}</li>
          ))}
        </ul>
      ) : null}
      <Facts>
        <Fact term="Status">{STATUS_LABELS[task.status]}</Fact>
        <Fact term="Priority">{PRIORITY_LABELS[task.priority]}</Fact>
        {task.parentId ? <Fact term="Parent">{keyOf(task.parentId)}</Fact> : null}
        <Fact term="Depends on">{task.dependsOn.length > 0 ? task.dependsOn.map(keyOf).join(", ") : "nothing"}</Fact>
      </Facts>
    </div>
  );
}
