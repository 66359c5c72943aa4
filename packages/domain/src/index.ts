export { EntityRef, Id, MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, Timestamp, toIso } from "./common";
export { DOMAIN_ERROR_CODES, DomainError, isDomainError, messageOf, notFound } from "./errors";
export type { DomainErrorCode, DomainErrorDetails } from "./errors";
export {
  CreateProjectInput,
  DEFAULT_PROJECT_SETTINGS,
  LAND_POLICIES,
  LAND_STRATEGIES,
  LandPolicy,
  LandStrategy,
  PROJECT_KEY_PATTERN,
  Project,
  ProjectKey,
  ListProjectsInput,
  ProjectRefInput,
  ProjectSettings,
  ProjectSettingsPatch,
  RepositoryUrl,
  UpdateProjectInput,
  WORKTREE_MODES,
  WorktreeMode,
  suggestProjectKey,
} from "./project";
export {
  CreateTaskInput,
  DeleteTaskInput,
  DependTaskInput,
  ListTasksInput,
  MoveTaskInput,
  PRIORITY_WEIGHT,
  StallSec,
  TASK_KEY_PATTERN,
  TASK_PRIORITIES,
  TASK_STATUSES,
  Task,
  TaskPriority,
  TaskHistoryInput,
  TaskRefInput,
  TaskStatus,
  UpdateTaskInput,
  agentForTask,
  compareTasksForWork,
  taskPosition,
} from "./task";
export type { TaskCounts } from "./task";
export {
  TASK_STATUS_TRANSITIONS,
  assertTransition,
  canTransition,
  isTerminalStatus,
  statusTimestamps,
} from "./task-status";
export {
  assertNoCycle,
  cycleIfDepends,
  findCycle,
  pendingDependencies,
  readySet,
  topologicalLayers,
  topologicalOrder,
} from "./graph";
export type { GraphNode, StatusNode } from "./graph";
export {
  Actor,
  EVENT_ENTITIES,
  EVENT_KINDS,
  EventId,
  EventKind,
  EventSubscriptionInput,
  ListEventsInput,
  MaestroEvent,
  SessionSubscriptionInput,
} from "./event";
export type { EventEntity, MaestroEventKind, NewEvent } from "./event";
export {
  BUSY_SESSION_STATUSES,
  ENDED_SESSION_STATUSES,
  LIVE_SESSION_STATUSES,
  LOG_STREAMS,
  ListSessionsInput,
  SessionCostsInput,
  LogChunk,
  LogStream,
  REPORT_KINDS,
  RESUMABLE_SESSION_STATUSES,
  ReportInput,
  ReportKind,
  SESSION_ROLES,
  SLOT_SESSION_STATUSES,
  SESSION_STATUSES,
  Session,
  SessionLogInput,
  SessionRefInput,
  SessionRole,
  SessionStatus,
  StartSessionInput,
  canResumeSession,
  canStopSession,
  currentTaskIdOf,
  isSessionBusy,
  isSessionEnded,
  isSessionHoldingSlot,
  isSessionLive,
} from "./session";
export {
  DEFAULT_MIN_FREE_MEMORY_MB,
  LEARNED_FOOTPRINT_SESSIONS,
  describeAdmissionMemory,
  describeFootprint,
  expectedFootprint,
  formatMemoryMb,
} from "./memory";
export type { AdmissionMemory, MemoryFootprint } from "./memory";
export {
  BudgetTokens,
  BudgetTokensFlag,
  BudgetUsd,
  BudgetUsdFlag,
  MAX_BUDGET_TOKENS,
  MAX_BUDGET_USD,
  budgetReached,
  budgetReason,
  describeReached,
  describeSpend,
  formatUsd,
  isBudgetPause,
} from "./budget";
export type { Budget, BudgetReached, Spend } from "./budget";
export { END_REASONS, EndReason, SESSION_STOP_REASONS, SessionStopReason } from "./session-stop";
export {
  END_REASON_RETRY,
  END_REASON_STATUS,
  type EndedSessionFacts,
  MAX_FREE_ENDS_IN_A_ROW,
  type RetryRule,
  describeEndReason,
  endReasonOfExit,
  freeEndsCountedText,
  freeEndsInARow,
} from "./end-reason";
export {
  CheckFinishedInput,
  CheckStartedInput,
  ClaimInput,
  FinishInput,
  HeartbeatInput,
  MAX_HEARTBEAT_LAND_JOBS,
  HeartbeatSession,
  LeaseRef,
  LogInput,
  MAX_CHANGED_FILES,
  ReleaseInput,
  RUNNER_ID_MAX_LENGTH,
  EMBEDDED_RUNNER_ID_PREFIX,
  isEmbeddedRunnerId,
  RunnerId,
  StartedInput,
  ClaimLandingInput,
  LAND_JOB_STATES,
  LAND_JOB_MODES,
  LandJobRef,
  LandingIntentInput,
  LandingOutcome,
  LandingResultInput,
  MAX_REPORTED_PATCH_BYTES,
  MAX_DIFF_REPORT_JSON_BYTES,
  ReportDiffInput,
} from "./runner";
export type { LandJob, LandJobMode, LandJobState } from "./runner";
export {
  AGENT_ADAPTERS,
  AccountName,
  AgentAdapter,
  AgentName,
  AgentProfile,
  AgentRefInput,
  ListAgentsInput,
  MemoryMb,
  BUILT_IN_AGENTS,
  CREDENTIAL_ENV,
  CreateAgentInput,
  NETWORK_MODES,
  NETWORK_NEEDS_SANDBOX,
  NetworkMode,
  PERSONAS,
  Persona,
  SANDBOXES,
  Sandbox,
  UpdateAgentInput,
} from "./agent";
export { accountOf, pausesByProfile } from "./account";
export type { AccountPause, AccountProfile } from "./account";
export { buildLaunch } from "./agent-launch";
export { CODEX_ADDRESSABLE_SERVER, codexServersOff } from "./codex-launch";
export type { LaunchContext, LaunchSpec, OutputFormat } from "./agent-launch";
export {
  MCP_CONFIG_AGENTS,
  MCP_CORE_TOOLS,
  MCP_SERVER_NAME,
  MCP_TOOLS,
  MCP_TOOL_TIERS,
  McpConfigAgent,
  McpToolTier,
  mcpToolsOf,
} from "./mcp";
export type { McpToolName } from "./mcp";
export {
  CLAUDE_MCP_ALLOWED_TOOLS,
  SESSION_MCP_ENV_NAMES,
  SESSION_MCP_TIER,
  claudeMcpConfig,
  codexMcpFlags,
  sessionMcpArgs,
} from "./mcp-launch";
export type { McpJsonConfig, SessionMcp } from "./mcp-launch";
export { PROMPT_FILE_PLACEHOLDER, assertLaunchTemplate } from "./launch-template";
export type { LaunchTemplate } from "./launch-template";
export { DEFAULT_PROMPT_TEMPLATE, PERSONA_TEXT, PROMPT_PLACEHOLDERS, composePrompt } from "./prompt";
export { RESUMING_ADAPTERS, canAdapterResume, composeResumePrompt, resumeReason } from "./resume";
export { DEFAULT_MODELS, estimateCostUsd, findModelPrice } from "./cost-estimate";
export type { TokenUsage } from "./cost-estimate";
export { MODEL_PRICES } from "./model-prices";
export type { ModelPrice } from "./model-prices";
export type { PromptContext } from "./prompt";
export {
  AgentEvent,
  createOutputParser,
  detectUsageLimit,
  isMissingConversation,
  parseClaudeLine,
  parseCodexLine,
  parseOpencodeLine,
  parseTextLine,
} from "./agent-output/index";
export type { ParseContext } from "./agent-output/index";
export { TASK_SEARCH_MAX_LENGTH, asciiLower, taskMatchesSearch } from "./task-search";
export {
  AUTOPILOT_QUEUE_SHOWN,
  AUTOPILOT_STATES,
  AUTOPILOT_STATUS_TASKS_MAX,
  AutopilotRefInput,
  AutopilotState,
  AutopilotStatusInput,
  StartAutopilotInput,
} from "./autopilot/state";
export type { AutopilotStateName } from "./autopilot/state";
export type { TaskReason } from "./autopilot/task-reason";
export { describeReason } from "./autopilot/describe-reason";
export { findOverlap, globsOverlap } from "./autopilot/touches";
export { retryDelayMs } from "./autopilot/retry-backoff";
export type { RetryPolicy } from "./autopilot/retry-backoff";
export { planAutopilot } from "./autopilot/plan";
export type {
  BudgetBlock,
  BudgetBlocks,
  Plan,
  PlanAgent,
  PlanInput,
  PlanMemory,
  PlanSession,
  PlannedStart,
} from "./autopilot/plan-types";
export {
  CreateSpecInput,
  DOCUMENT_FILES,
  DOCUMENT_PHASES,
  DOCUMENT_SOURCES,
  DocumentPhase,
  EditSpecInput,
  ListSpecsInput,
  ListSteeringInput,
  MAX_SPEC_DOCUMENT_LENGTH,
  REVIEW_KINDS,
  REVIEW_STATES,
  ReviewSpecInput,
  SPEC_PHASES,
  SPEC_SLUG_PATTERN,
  SPEC_STATUSES,
  STEERING_NAME_PATTERN,
  Spec,
  SpecDiffInput,
  SpecDocumentVersion,
  SpecPhaseState,
  SpecRefInput,
  SpecReview,
  SpecSlug,
  SpecVersionsInput,
  SteeringDocument,
  SteeringRefInput,
  TasksPreviewInput,
  WriteSteeringInput,
  currentPhase,
  previousPhase,
  slugify,
} from "./spec";
export type { DocumentSource, ReviewKind, ReviewState, SpecPhase, SpecStatus } from "./spec";
export { decideApproval, decideChangeRequest, decideSubmission, stateAfterEdit } from "./spec-review";
export type { PhaseFacts } from "./spec-review";
export {
  TaskPlanIssue,
  TaskPlanItemSchema,
  flattenTaskPlan,
  isCheckboxOnlyChange,
  parseTasksMarkdown,
  setTaskChecked,
} from "./spec-tasks";
export type { TaskPlan, TaskPlanItem } from "./spec-tasks";
export { MAX_SPEC_DOCUMENT_CHARS } from "./spec-size";
export {
  EARS_PATTERNS,
  EARS_TEMPLATES,
  EarsIssue,
  checkEars,
  lintRequirements,
  parseRequirements,
  requirementIds,
} from "./ears";
export type { EarsPattern, Requirement, RequirementCriterion, RequirementsDoc } from "./ears";
export { DiffLine, DocumentDiff, diffDocuments } from "./spec-diff";
export { TRACE_TASKS_SHOWN } from "./spec-views";
export type {
  SpecDetail,
  SpecPhaseDetail,
  SpecSyncResult,
  TaskPreviewItem,
  TasksPreview,
  TraceRequirement,
  Traceability,
} from "./spec-views";
export { DRAFT_PERSONA, GenerateSpecInput, draftBrief, phasesBefore } from "./spec-draft";
export type { DraftBrief } from "./spec-draft";
export {
  BranchName,
  CHECKS_STATES,
  CHECK_STATUSES,
  CheckStatus,
  ChecksState,
  DIFF_FILE_STATUSES,
  DiffFile,
  LAND_STATES,
  LandState,
  LandTaskInput,
  LineComment,
  LineCommentInput,
  ListWorktreesInput,
  NO_LANDING,
  PruneResult,
  PruneWorktreesInput,
  REVIEW_VERDICTS,
  ResolveTaskInput,
  ReviewTaskInput,
  ReviewVerdict,
  TASK_REVIEW_STATES,
  TaskCheck,
  TaskDiff,
  TaskDiffInput,
  TaskLanding,
  TaskReview,
  TaskReviewState,
  WorktreeInfo,
  isValidBranchName,
  FOLLOW_UP_OUTPUT_CHARS,
  FileOverlap,
  TaskOverlaps,
  TaskOverlapsInput,
  changesRequestedFollowUp,
  checkFailedFollowUp,
  describeCheckFailure,
  findOverlaps,
  hunkAround,
  isInFlight,
  listFilesBriefly,
  parseHunks,
  cutAtLineEnd,
  parseNameStatus,
  parseNumstat,
  toDiffFiles,
  resolveConflictFollowUp,
  subtasksHold,
  unlandedSubtasks,
  withFollowUp,
  GH_ENV_NAMES,
  ghEnvironmentOf,
  ghRepoOf,
  openPrByHandNote,
  parsePrView,
  prUrlOfCreate,
} from "./landing/index";
export type { DiffCounts, DiffEntry, FailedCheck, PrState, ReviewNote } from "./landing/index";
export {
  PAGE_LIMIT_DEFAULT,
  PAGE_LIMIT_MAX,
  IdCursor,
  PageLimit,
  RankCursor,
  TimeCursor,
  compareNames,
  decodeRankCursor,
  decodeTimeCursor,
  encodeRankCursor,
  encodeTimeCursor,
  toPage,
  toTimePage,
} from "./page";
export type { Page, RankPosition, TimePosition } from "./page";
export {
  GIT_FIXED_ARGS,
  GIT_FIXED_CONFIG,
  GIT_PROGRAM_KEYS,
  GIT_PROGRAM_LISTING,
  gitConfigEnv,
  mayRunConfiguredProgram,
  neutralGitConfig,
  repositoryOverrideEnv,
} from "./git-safety";
export {
  DELIVERY_STATUSES,
  DeliveryStatus,
  ListWebhookDeliveriesInput,
  SetWebhookInput,
  WEBHOOK_EVENTS,
  WEBHOOK_MAX_ATTEMPTS,
  Webhook,
  WebhookDelivery,
  WebhookEvent,
  WebhookRefInput,
  WebhookSecret,
  WebhookUrl,
  webhookBackoffMs,
} from "./webhook";
export type { WebhookPayload } from "./webhook";
export {
  EXPORT_FORMATS,
  ExportFormat,
  ExportInput,
  IMPORT_FORMATS,
  IMPORT_HOLDER,
  ImportFiles,
  ImportFormat,
  ImportInput,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_FILES,
  MAX_IMPORT_ITEMS,
} from "./import/bundle";
export type {
  ImportBundle,
  ImportParser,
  ImportPlan,
  ImportPlanSpec,
  ImportPlanTask,
  ImportWarning,
  ImportedSpec,
  ImportedSteering,
  ImportedTask,
  ParseOptions,
} from "./import/bundle";
export { parserOf } from "./import/parsers";
export {
  NOTICE_KINDS,
  OPEN_TASK_STATUSES,
  clipLine,
  isWebhookNotice,
  noticeOf,
  noticeTriggerOf,
  sessionTaskIdOf,
} from "./notice";
export type { Notice, NoticeFacts, NoticeKind, NoticeTrigger } from "./notice";
export { LANDER_LAND_STATES, attentionTotal } from "./attention";
export type { AttentionCounts } from "./attention";
export { fitBundle } from "./import/fit-bundle";
export { isReadByFormat } from "./import/read-filter";
export { checkBundle } from "./import/check-bundle";
export type { KnownItems } from "./import/check-bundle";
export type { ExportGraph, ExportResult } from "./import/export-graph";
export { MaestroExport, exportMaestroJson } from "./import/maestro-json";
export { exportTaskmaster } from "./import/taskmaster-export";
export {
  MAESTRO_STATUS_TO_TASKMASTER,
  TASKMASTER_PRIORITY_TO_MAESTRO,
  TASKMASTER_STATUS_TO_MAESTRO,
} from "./import/taskmaster-format";
export { ACCESS, accessOf, mayCall } from "./access";
export type { Access } from "./access";
export { Me, ROLES, Role, TokenName, roleAtLeast } from "./role";
export { LOG_FORMATS, LOG_LEVELS, LogFormat, LogLevel, formatLogLine, isLevelEnabled, redactSecrets } from "./log-line";
export type { LogFields, LogRecord } from "./log-line";
export {
  CreateTokenInput,
  CreatedToken,
  PERSON_TOKEN_PREFIX,
  RevokeTokenInput,
  TokenInfo,
  looksLikePersonToken,
} from "./token";
