export { eventTable } from "./event";
export { projectTable } from "./project";
export { taskDependencyTable, taskTable } from "./task";
