export { openDatabase, savepoint } from "./database";
export { storageErrorOf } from "./storage-errors";
export type { Database, DbClient, OpenDatabaseOptions, TransactionObserver } from "./database";
export {
  allocateTaskNumber,
  deleteProject,
  findProjectById,
  findProjectByKey,
  findProjectByRef,
  insertProject,
  isProjectKeyTaken,
  listProjects,
  lockProject,
  pageProjects,
  peekTaskNumber,
  updateProject,
} from "./repositories/project-repository";
export type { NewProject } from "./repositories/project-repository";
export {
  countTasks,
  deleteTask,
  findTaskById,
  findTaskByRef,
  findTaskKeys,
  hasTaskIn,
  insertTask,
  listTasks,
  listTasksInLandStates,
  listTasksWithBranch,
  lockTaskRows,
  updateTask,
} from "./repositories/task-repository";
export { countTasksByStatus } from "./repositories/task-count-repository";
export { countSessionsByStatus } from "./repositories/session-count-repository";
export {
  findSpecIdsOfSource,
  findTaskIdsOfSource,
  setSpecSourceRef,
  setTaskSourceRef,
  sourceRefOf,
} from "./repositories/source-ref-repository";
export { nextTaskRank, rankBefore } from "./repositories/task-rank-repository";
export { SEARCH_SCAN_MAX, pageTasks } from "./repositories/task-page-repository";
export type { TaskPageQuery, TaskPageSlice } from "./repositories/task-page-repository";
export { listFrontierTasks } from "./repositories/task-frontier-repository";
export {
  addTaskDependency,
  listAncestorIds,
  listDependentIds,
  listDescendantIds,
  loadTaskGraph,
  projectDependencies,
  removeTaskDependency,
  setTaskDependencies,
} from "./repositories/task-graph-repository";
export type { NewTask, TaskBranch, TaskFields, TaskFilter, TaskPatch } from "./repositories/task-repository";
export {
  EVENTS_CHANNEL,
  appendEvent,
  countActorEvents,
  latestEventId,
  listEvents,
  lockEventLog,
} from "./repositories/event-repository";
export type { ActorEventFilter, EventFilter } from "./repositories/event-repository";
export {
  deleteAgent,
  findAgent,
  findStoredAgent,
  listAgents,
  insertAgent,
  pageAgents,
  upsertAgent,
} from "./repositories/agent-repository";
export type { AgentFields } from "./repositories/agent-repository";
export { insertSignInCode, redeemSignInCode } from "./repositories/sign-in-code-repository";
export type { NewSignInCode, SignInCodeRedemption } from "./repositories/sign-in-code-repository";
export {
  countSessionsOfTask,
  countSessionsStartedBy,
  findSessionById,
  findSessionIdsByPrefix,
  findSessionOfToken,
  insertSession,
  hasSessionIn,
  listSessions,
  sessionTaskIds,
  updateSession,
} from "./repositories/session-repository";
export type { NewSession, SessionFilter, SessionPatch } from "./repositories/session-repository";
export {
  findOldestQueuedSessionId,
  findSessionLaunch,
  findSessionLease,
  touchSessionHeartbeat,
} from "./repositories/session-lease-repository";
export type { LaunchManifest, SessionLaunch, SessionLease } from "./repositories/session-lease-repository";
export {
  appendLogChunks,
  markSessionOutput,
  findSystemLogLine,
  listLastLogChunks,
  listLogChunks,
  rewriteLogChunk,
  sumLogBytes,
} from "./repositories/session-log-repository";
export { addSessionUsage, sumCostsByTask, sumProjectCosts } from "./repositories/session-usage-repository";
export { raiseSessionPeakRss, recentPeakRssByAgent } from "./repositories/session-memory-repository";
export {
  listBudgetedLineage,
  listBudgetedTasks,
  sumProjectSpend,
  sumSpecSpends,
  sumSubtreeSpend,
} from "./repositories/spend-repository";
export type { BudgetedTask } from "./repositories/spend-repository";
export type { CostTotals, SessionUsage, TaskCost } from "./repositories/session-usage-repository";
export {
  deleteEndedAccountPauses,
  findAutopilot,
  liftAccountPause,
  listAccountPauses,
  listAutopilots,
  pauseAccount,
  saveAutopilot,
} from "./repositories/autopilot-repository";
export {
  findSpecById,
  findSpecItemOfTask,
  findSpecsBySlug,
  insertSpec,
  linkSpecTask,
  listSpecTaskLinks,
  listSpecs,
  pageSpecs,
  setReviewState,
  updateSpec,
} from "./repositories/spec-repository";
export {
  findDocumentVersion,
  insertDocumentVersion,
  insertReview,
  latestDocument,
  lockSpecPhase,
  listApprovals,
  listDocumentVersions,
  listReviews,
} from "./repositories/spec-document-repository";
export type { NewSpec } from "./repositories/spec-repository";
export {
  findTaskCheck,
  finishTaskCheck,
  insertTaskCheck,
  insertTaskReview,
  listTaskChecks,
  pageTaskChecks,
  pageTaskReviews,
} from "./repositories/landing-repository";
export type { CheckOutcome, NewTaskCheck, NewTaskReview } from "./repositories/landing-repository";
export {
  claimDueDeliveries,
  deleteWebhook,
  enqueueDelivery,
  findWebhook,
  findWebhookTarget,
  listDueDeliveries,
  listWebhookDeliveries,
  recordDeliveryAttempt,
  releaseDeliveryClaim,
  saveWebhook,
} from "./repositories/webhook-repository";
export type { DeliveryOutcome, DueDelivery, NewDelivery, WebhookTarget } from "./repositories/webhook-repository";
export { countAttention } from "./repositories/attention-repository";
export {
  findLiveTokenByHash,
  findLiveTokenByName,
  findTokenById,
  insertToken,
  listTokens,
  revokeToken,
  touchTokenLastUsed,
} from "./repositories/token-repository";
export type { NewToken } from "./repositories/token-repository";
export { acquireLease, holdsLease, listLeases, releaseLease } from "./repositories/scheduler-lease-repository";
export type { SchedulerLease } from "./repositories/scheduler-lease-repository";
export {
  claimLandJob,
  deleteLandJob,
  deleteLandJobsOfProject,
  findClaimableLandJob,
  findLandJobForWrite,
  findLandJobOfTask,
  listLandJobs,
  queueLandJob,
  renewLandJob,
} from "./repositories/land-job-repository";
export type { LandJobRecord } from "./repositories/land-job-repository";
export { findTaskDiff, saveTaskDiff } from "./repositories/task-diff-repository";
export type { ReportedDiff } from "./repositories/task-diff-repository";
export { openSqliteStore, sqliteStore } from "./store/sqlite-store";
export type { OpenSqliteStoreOptions } from "./store/sqlite-store";
export { openPgStore } from "./store/pg-store";
export type { OpenPgStoreOptions } from "./store/pg-store";
export type { Db, Dialect, Engine, Orm, Store, StoreQueries, StoreTransaction, Tables } from "./store/store";
export { changedRows, first, sqliteOf } from "./store/db";
export { NOTIFY_PAYLOAD_MAX_BYTES, notify } from "./store/notify";
export type { NotifyTarget } from "./store/notify";
export { openPgListener } from "./store/notify-listener";
export type { OpenPgListenerOptions, PgListener, PgListenerSubscriber } from "./store/notify-listener";
export { asBoolean, asDate, asJson, json } from "./store/values";
export { createPgDatabase, startPgCluster } from "./testing/pg-cluster";
export type { PgCluster, PgClusterOptions } from "./testing/pg-cluster";
export { INSTALL_POSTGRES } from "./testing/pg-binaries";

/** Plain SQL written once for both engines (see the Db type): the tag repositories and tests use. */
export { sql } from "drizzle-orm";
