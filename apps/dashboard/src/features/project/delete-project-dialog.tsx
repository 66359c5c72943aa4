import type { Project } from "@maestro/domain";
import { useLocation, useNavigate } from "react-router";
import { ConfirmDialog } from "../../components/confirm-dialog";
import { useDeleteProject } from "./use-project-mutations";

export function DeleteProjectDialog({ project, onClose }: { project: Project; onClose: () => void }) {
  const deleteProject = useDeleteProject();
  const navigate = useNavigate();
  const location = useLocation();
  const confirm = () =>
    deleteProject.mutate(
      { id: project.id },
      {
        onSuccess: () => {
          onClose();
          if (location.pathname !== "/") void navigate("/");
        },
      },
    );
  return (
    <ConfirmDialog
      title={`Delete project ${project.name}?`}
      confirmLabel="Delete project"
      request={deleteProject}
      onConfirm={confirm}
      onClose={onClose}
    >
      <p>
        This removes <strong>{project.key}</strong> and all its tasks from Maestro. Files in{" "}
        <code>{project.rootDir}</code> are not touched; the activity log is kept.
      </p>
    </ConfirmDialog>
  );
}
