import { suggestProjectKey } from "@maestro/domain";
import { useState } from "react";
import { useNavigate } from "react-router";
import { CreateDialog } from "../../components/form-dialog";
import { TextField } from "../../components/text-field";
import { useCreateProject } from "./use-project-mutations";

/** Dialog "New project": fields Name, Directory, Key, Description; buttons "Create project", "Cancel". */
export function NewProjectDialog({ onClose }: { onClose: () => void }) {
  const createProject = useCreateProject();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [rootDir, setRootDir] = useState("");
  const [key, setKey] = useState("");
  const [description, setDescription] = useState("");

  const submit = () =>
    createProject.mutate(
      { name, rootDir, description, ...(key.trim() ? { key: key.trim() } : {}) },
      {
        onSuccess: (project) => {
          onClose();
          void navigate(`/projects/${project.key}`);
        },
      },
    );

  return (
    <CreateDialog thing="project" request={createProject} onSubmit={submit} onClose={onClose}>
      <TextField label="Name" name="name" value={name} onChange={setName} isInitialFocus isRequired />
      <TextField
        label="Directory"
        hint="Absolute path of the working directory, e.g. /home/me/code/web"
        name="rootDir"
        value={rootDir}
        onChange={setRootDir}
        isRequired
        spellCheck={false}
      />
      <TextField
        label="Key"
        hint="Optional: 1–10 letters or digits, prefix of task keys (WEB-1)"
        name="key"
        value={key}
        placeholder={name.trim() ? suggestProjectKey(name) : "WEB"}
        onChange={(text) => setKey(text.toUpperCase())}
        spellCheck={false}
      />
      <TextField label="Description" rows={3} value={description} onChange={setDescription} />
    </CreateDialog>
  );
}
