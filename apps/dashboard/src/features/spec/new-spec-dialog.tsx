import type { Project } from "@maestro/domain";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { ErrorAlert } from "../../components/error-alert";
import { Field } from "../../components/field";
import { ModalDialog } from "../../components/modal-dialog";
import { describeError } from "../../lib/errors";
import { useCreateSpec } from "./use-spec-mutations";

/** Dialog "New spec": fields Name and Request; buttons "Create spec", "Cancel". */
export function NewSpecDialog({ project, onClose }: { project: Project; onClose: () => void }) {
  const createSpec = useCreateSpec();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [request, setRequest] = useState("");
  const invalidField = createSpec.error ? describeError(createSpec.error).field : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    createSpec.mutate(
      { projectId: project.id, name, request },
      {
        onSuccess: (spec) => {
          onClose();
          void navigate(`/projects/${project.key}/specs/${spec.slug}`);
        },
      },
    );
  };

  return (
    <ModalDialog title="New spec" onClose={onClose} className="modal--wide">
      <form className="form" onSubmit={submit} noValidate>
        <Field
          label="Name"
          hint="A short feature name; the spec's folder is named after it"
          isInvalid={invalidField === "name"}
        >
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
        <Field label="Request" hint="What is wanted and why, in your own words" isInvalid={invalidField === "request"}>
          {(props) => <textarea {...props} rows={5} value={request} onChange={(e) => setRequest(e.target.value)} />}
        </Field>
        <ErrorAlert error={createSpec.error} />
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={createSpec.isPending}>
            {createSpec.isPending ? "Creating…" : "Create spec"}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
