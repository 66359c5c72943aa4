import { ROLES, type Role } from "@maestro/domain";
import { useState } from "react";
import { CreateDialog } from "../../components/form-dialog";
import { SelectField } from "../../components/select-field";
import { TextField } from "../../components/text-field";
import { TokenSecretDialog } from "./token-secret-dialog";
import { ROLE_HINT, ROLE_LABELS } from "./token-format";
import { useCreateToken } from "./use-tokens";

/**
 * Dialog "New token": fields "Name" and "Role", buttons "Create token" and "Cancel"; once created
 * it becomes dialog "Token <name> created", which shows the secret once (see token-secret-dialog).
 */
export function NewTokenDialog({ onClose }: { onClose: () => void }) {
  const create = useCreateToken();
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("member");
  if (create.data) return <TokenSecretDialog name={create.data.name} secret={create.data.token} onClose={onClose} />;
  return (
    <CreateDialog
      thing="token"
      request={create}
      onSubmit={() => create.mutate({ name: name.trim(), role })}
      onClose={onClose}
    >
      <TextField
        label="Name"
        name="name"
        hint="Who or what uses it, e.g. ana or ci-bot: events and approvals record it."
        value={name}
        onChange={setName}
        isInitialFocus
        isRequired
        spellCheck={false}
      />
      <SelectField
        label="Role"
        name="role"
        hint={ROLE_HINT}
        values={ROLES}
        labels={ROLE_LABELS}
        value={role}
        onChange={setRole}
      />
    </CreateDialog>
  );
}
