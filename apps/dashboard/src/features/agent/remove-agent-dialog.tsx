import { type AgentProfile, BUILT_IN_AGENTS } from "@maestro/domain";
import { ConfirmDialog } from "../../components/confirm-dialog";
import { useRemoveAgent } from "./use-agent-mutations";

/** Dialog "Remove agent <name>?" with buttons "Remove agent" and "Cancel". */
export function RemoveAgentDialog({ profile, onClose }: { profile: AgentProfile; onClose: () => void }) {
  const removeAgent = useRemoveAgent();
  const isCustomisedBuiltIn = BUILT_IN_AGENTS.some((agent) => agent.name === profile.name);
  return (
    <ConfirmDialog
      title={`Remove agent ${profile.name}?`}
      confirmLabel="Remove agent"
      request={removeAgent}
      onConfirm={() => removeAgent.mutate({ name: profile.name }, { onSuccess: onClose })}
      onClose={onClose}
    >
      <p>
        {isCustomisedBuiltIn
          ? `This drops your changes to ${profile.name}; the built-in profile comes back.`
          : `Tasks and projects that name ${profile.name} will not be able to run until they pick another agent. Past sessions are kept.`}
      </p>
    </ConfirmDialog>
  );
}
