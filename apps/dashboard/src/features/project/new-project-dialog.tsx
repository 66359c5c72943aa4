import { suggestProjectKey } from "@maestro/domain";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { Field } from "../../components/field";
import { ErrorAlert } from "../../components/error-alert";
import { ModalDialog } from "../../components/modal-dialog";
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
        <Field label="Name" isInvalid={invalidField === "name"}>
          {(props) => (
            <input
              {...props}
              data-autofocus
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-required="true"
            />
          )}
        </Field>
        <Field
          label="Directory"
          hint="Absolute path of the working directory, e.g. /home/me/code/web"
          isInvalid={invalidField === "rootDir"}
        >
          {(props) => (
            <input
              {...props}
              value={rootDir}
              onChange={(e) => setRootDir(e.target.value)}
              aria-required="true"
              spellCheck={false}
            />
          )}
        </Field>
        <Field
          label="Key"
          hint="Optional: 1–10 letters or digits, prefix of task keys (WEB-1)"
          isInvalid={invalidField === "key"}
        >
          {(props) => (
            <input
              {...props}
              value={key}
              placeholder={name.trim() ? suggestProjectKey(name) : "WEB"}
              onChange={(e) => setKey(e.target.value.toUpperCase())}
              spellCheck={false}
            />
          )}
        </Field>
        <Field label="Description">
          {(props) => (
            <textarea {...props} rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
          )}
        </Field>
        <ErrorAlert error={createProject.error} />
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={createProject.isPending}>
            {createProject.isPending ? "Creating…" : "Create project"}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
