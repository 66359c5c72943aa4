import type { AgentProfile, MemoryFootprint } from "@maestro/domain";
import { useState } from "react";
import { FormDialog } from "../../components/form-dialog";
import { AgentFields } from "./agent-fields";
import {
  type AgentForm,
  EMPTY_AGENT_FORM,
  parseMaxConcurrent,
  toAgentForm,
  toCreateInput,
  toUpdateInput,
} from "./agent-form";
import { useAddAgent, useUpdateAgent } from "./use-agent-mutations";

interface AgentDialogProps {
  /** The profile to edit (with its footprint when listed); without it the dialog creates one. */
  profile?: AgentProfile & { footprint?: MemoryFootprint | null };
  onClose: () => void;
}

/**
 * Dialog "New agent" (button "Add agent") or "Edit agent <name>" (button "Save agent"), with
 * "Cancel"; the server's errors show in role="alert" and mark the field they name.
 */
export function AgentDialog({ profile, onClose }: AgentDialogProps) {
  const isEditing = profile !== undefined;
  const addAgent = useAddAgent();
  const updateAgent = useUpdateAgent();
  const mutation = isEditing ? updateAgent : addAgent;
  const [form, setForm] = useState<AgentForm>(() => (profile ? toAgentForm(profile) : EMPTY_AGENT_FORM));
  const [localError, setLocalError] = useState<string | null>(null);
  const error = localError ? new Error(localError) : mutation.error;

  const submit = () => {
    const max = parseMaxConcurrent(form.maxConcurrent);
    if ("error" in max) return setLocalError(max.error);
    setLocalError(null);
    if (isEditing) updateAgent.mutate(toUpdateInput(form, max.value), { onSuccess: onClose });
    else addAgent.mutate(toCreateInput(form, max.value), { onSuccess: onClose });
  };

  return (
    <FormDialog
      title={isEditing ? `Edit agent ${profile.name}` : "New agent"}
      isWide
      submitLabel={isEditing ? "Save agent" : "Add agent"}
      request={{ isPending: mutation.isPending, error }}
      invalidField={localError ? "maxConcurrent" : null}
      onSubmit={submit}
      onClose={onClose}
    >
      {profile?.builtIn ? (
        <p className="notice">
          Saving customises the built-in {profile.name} profile; removing the customisation later restores it.
        </p>
      ) : null}
      <AgentFields
        form={form}
        isEditing={isEditing}
        footprint={profile?.footprint}
        update={(patch) => setForm((current) => ({ ...current, ...patch }))}
      />
    </FormDialog>
  );
}
