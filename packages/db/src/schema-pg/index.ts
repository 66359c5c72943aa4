export { agentTable } from "./agent";
export { accountPauseTable, autopilotTable } from "./autopilot";
export { eventTable } from "./event";
export { projectTable } from "./project";
export { sessionLogTable, sessionTable, sessionTaskTable } from "./session";
export { taskDependencyTable, taskTable } from "./task";
export { specPhaseTable, specReviewTable, specTable, specTaskTable, specVersionTable } from "./spec";
export { taskCheckTable, taskReviewTable } from "./landing";
export { projectWebhookTable, webhookDeliveryTable } from "./webhook";
