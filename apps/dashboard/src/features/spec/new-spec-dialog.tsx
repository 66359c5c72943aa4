import type { Project } from "@maestro/domain";
import { useState } from "react";
import { useNavigate } from "react-router";
import { CreateDialog } from "../../components/form-dialog";
import { TextField } from "../../components/text-field";
import { useCreateSpec } from "./use-spec-mutations";

/** Dialog "New spec": fields Name and Request; buttons "Create spec", "Cancel". */
export function NewSpecDialog({ project, onClose }: { project: Project; onClose: () => void }) {
  const createSpec = useCreateSpec();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [request, setRequest] = useState("");

  const submit = () =>
    createSpec.mutate(
      { projectId: project.id, name, request },
      {
        onSuccess: (spec) => {
          onClose();
          void navigate(`/projects/${project.key}/specs/${spec.slug}`);
        },
      },
    );

  return (
    <CreateDialog thing="spec" isWide request={createSpec} onSubmit={submit} onClose={onClose}>
      <TextField
        label="Name"
        hint="A short feature name; the spec's folder is named after it"
        name="name"
        value={name}
        onChange={setName}
        isInitialFocus
        isRequired
      />
      <TextField
        label="Request"
        hint="What is wanted and why, in your own words"
        name="request"
        rows={5}
        value={request}
        onChange={setRequest}
      />
    </CreateDialog>
  );
}
