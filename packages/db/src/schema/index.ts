export { agentTable } from "./agent";
export { eventTable } from "./event";
export { projectTable } from "./project";
export { sessionLogTable, sessionTable, sessionTaskTable } from "./session";
export { taskDependencyTable, taskTable } from "./task";
