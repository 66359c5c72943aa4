import type { Project } from "@maestro/domain";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { ErrorAlert } from "../../components/error-alert";
import { FormActions } from "../../components/form-actions";
import { ModalDialog } from "../../components/modal-dialog";
import { TextAreaField, TextField } from "../../components/text-field";
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
    <ModalDialog title="New spec" onClose={onClose} isWide>
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label="Name"
          hint="A short feature name; the spec's folder is named after it"
          isInvalid={invalidField === "name"}
          value={name}
          onChange={setName}
          data-autofocus
          aria-required="true"
        />
        <TextAreaField
          label="Request"
          hint="What is wanted and why, in your own words"
          isInvalid={invalidField === "request"}
          rows={5}
          value={request}
          onChange={setRequest}
        />
        <ErrorAlert error={createSpec.error} />
        <FormActions
          submitLabel="Create spec"
          pendingLabel="Creating…"
          isPending={createSpec.isPending}
          onCancel={onClose}
        />
      </form>
    </ModalDialog>
  );
}
