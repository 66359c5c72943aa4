import { type Project, type Task, agentForTask } from "@maestro/domain";
import { useState } from "react";
import { useNavigate } from "react-router";
import { ErrorAlert } from "../../components/error-alert";
import { Field } from "../../components/field";
import { FormDialog } from "../../components/form-dialog";
import { useAllAgents } from "../agent/use-agents";
import { PromptPreview } from "./prompt-preview";
import styles from "./run-dialog.module.css";
import { useStartSession } from "./use-session-mutations";

interface RunDialogProps {
  project: Project;
  task: Task;
  onClose: () => void;
}

/**
 * Dialog "Run <KEY>": select "Agent", checkbox "Use a git worktree", collapsible "Prompt
 * preview" (its error in role="alert"), buttons "Start session" and "Cancel". Start errors
 * (already running, no executable…) show in role="alert"; success opens the session page.
 */
export function RunDialog({ project, task, onClose }: RunDialogProps) {
  const navigate = useNavigate();
  const agents = useAllAgents();
  const startSession = useStartSession();
  // The agent "Run" picks first is the one the server would.
  const [agent, setAgent] = useState(() => agentForTask(task, project.settings.defaultAgent) ?? "");
  const [worktree, setWorktree] = useState(project.settings.worktreeMode === "per_task");
  const names = (agents.data ?? []).map((profile) => profile.name);
  const isUnlisted = agent !== "" && agents.isSuccess && !names.includes(agent);

  const submit = () =>
    startSession.mutate(
      { taskIds: [task.id], ...(agent ? { agent } : {}), worktree },
      {
        onSuccess: (session) => {
          onClose();
          void navigate(`/sessions/${session.id}`);
        },
      },
    );

  return (
    <FormDialog
      title={`Run ${task.key}`}
      isWide
      submitLabel="Start session"
      pendingLabel="Starting…"
      request={startSession}
      onSubmit={submit}
      onClose={onClose}
    >
      <p className={`muted ${styles.taskTitle}`}>{task.title}</p>
      <Field label="Agent" hint="The agent profile that works on this task (manage them on the Agents page)">
        {(props) => (
          <select
            {...props}
            data-autofocus
            value={agent}
            onChange={(event) => {
              startSession.reset();
              setAgent(event.target.value);
            }}
          >
            {agent === "" ? <option value="">Choose an agent…</option> : null}
            {isUnlisted ? <option value={agent}>{agent} (not found)</option> : null}
            {(agents.data ?? []).map((profile) => (
              <option key={profile.name} value={profile.name}>
                {profile.name} ({profile.adapter}
                {profile.model ? `, ${profile.model}` : ""})
              </option>
            ))}
          </select>
        )}
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={worktree} onChange={(event) => setWorktree(event.target.checked)} />
        Use a git worktree
      </label>
      <ErrorAlert error={agents.error} />
      <PromptPreview taskId={task.id} agent={agent} worktree={worktree} isErrorHidden={startSession.isError} />
    </FormDialog>
  );
}
