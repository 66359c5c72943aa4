import type { CommandSpec } from "../command";
import { projectCreate, projectDelete, projectList, projectShow } from "./project";
import { serve } from "./serve";
import { taskList, taskShow } from "./task-read";
import { taskCreate, taskDelete, taskDepend, taskMove, taskUndepend, taskUpdate } from "./task-write";

/** Every command of the CLI, in help order. */
export const COMMANDS: CommandSpec[] = [
  serve,
  projectCreate,
  projectList,
  projectShow,
  projectDelete,
  taskCreate,
  taskList,
  taskShow,
  taskUpdate,
  taskDelete,
  taskDepend,
  taskUndepend,
  taskMove,
];
