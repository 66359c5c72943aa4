import type { Project } from "@maestro/domain";
import { useOutletContext } from "react-router";
import type { TaskIndex } from "../task/task-index";

/** What a project page hands to its views (board, tree). */
export interface ProjectContext {
  project: Project;
  index: TaskIndex;
}

export function useProjectContext(): ProjectContext {
  return useOutletContext<ProjectContext>();
}
