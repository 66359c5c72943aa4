import { suggestProjectKey } from "@maestro/domain";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { ErrorAlert } from "../../components/error-alert";
import { FormActions } from "../../components/form-actions";
import { ModalDialog } from "../../components/modal-dialog";
import { TextAreaField, TextField } from "../../components/text-field";
import { describeError } from "../../lib/errors";
import { useCreateProject } from "./use-project-mutations";

/** Dialog "New project": fields Name, Directory, Key, Description; buttons "Create project", "Cancel". */
export function NewProjectDialog({ onClose }: { onClose: () => void }) {
  const createProject = useCreateProject();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [rootDir, setRootDir] = useState("");
  const [key, setKey] = useState("");
  const [description, setDescription] = useState("");
  const invalidField = createProject.error ? describeError(createProject.error).field : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    createProject.mutate(
      { name, rootDir, description, ...(key.trim() ? { key: key.trim() } : {}) },
      {
        onSuccess: (project) => {
          onClose();
          void navigate(`/projects/${project.key}`);
        },
      },
    );
  };

  return (
    <ModalDialog title="New project" onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label="Name"
          isInvalid={invalidField === "name"}
          value={name}
          onChange={setName}
          data-autofocus
          aria-required="true"
        />
        <TextField
          label="Directory"
          hint="Absolute path of the working directory, e.g. /home/me/code/web"
          isInvalid={invalidField === "rootDir"}
          value={rootDir}
          onChange={setRootDir}
          aria-required="true"
          spellCheck={false}
        />
        <TextField
          label="Key"
          hint="Optional: 1–10 letters or digits, prefix of task keys (WEB-1)"
          isInvalid={invalidField === "key"}
          value={key}
          placeholder={name.trim() ? suggestProjectKey(name) : "WEB"}
          onChange={(text) => setKey(text.toUpperCase())}
          spellCheck={false}
        />
        <TextAreaField label="Description" rows={3} value={description} onChange={setDescription} />
        <ErrorAlert error={createProject.error} />
        <FormActions
          submitLabel="Create project"
          pendingLabel="Creating…"
          isPending={createProject.isPending}
          onCancel={onClose}
        />
      </form>
    </ModalDialog>
  );
}
