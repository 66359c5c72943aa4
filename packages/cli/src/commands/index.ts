import type { CommandSpec } from "../command";
import { projectCreate, projectDelete, projectList, projectPrompt, projectShow, projectUpdate } from "./project";
import { projectWebhooks } from "./project-webhook";
import { agentAdd, agentList, agentRemove, agentResume, agentShow, agentUpdate } from "./agent";
import { dashboard } from "./dashboard";
import { mcp } from "./mcp";
import { events } from "./events";
import { exportCommand, importCommand } from "./import-export";
import { mcpConfig } from "./mcp-config";
import { autopilotPause, autopilotStart, autopilotStatus, taskRetry, taskWhy } from "./autopilot";
import { queueNext, reportCommands } from "./report";
import { runner } from "./runner";
import { serve } from "./serve";
import { sessionList, sessionManifest, sessionResume, sessionShow, sessionStop } from "./session";
import { sessionLogs } from "./session-logs";
import { SPEC_COMMANDS } from "./spec";
import { taskRun } from "./task-run";
import { taskList, taskShow } from "./task-read";
import { taskChecks, taskDiff, taskReviews } from "./task-diff";
import { taskLand, taskResolve, taskReview } from "./task-land";
import { tokenCreate, tokenList, tokenRevoke } from "./token";
import { worktreeList, worktreePrune } from "./worktree";
import { taskCreate, taskDelete, taskDepend, taskMove, taskUndepend, taskUpdate } from "./task-write";

/** Every command of the CLI, in help order. */
export const COMMANDS: CommandSpec[] = [
  serve,
  dashboard,
  runner,
  mcp,
  mcpConfig,
  projectCreate,
  projectList,
  projectShow,
  projectUpdate,
  projectWebhooks,
  projectDelete,
  projectPrompt,
  taskCreate,
  taskList,
  taskShow,
  taskUpdate,
  taskDelete,
  taskDepend,
  taskUndepend,
  taskMove,
  taskRun,
  taskWhy,
  taskRetry,
  taskDiff,
  taskReview,
  taskLand,
  taskResolve,
  taskReviews,
  taskChecks,
  worktreeList,
  worktreePrune,
  sessionList,
  sessionShow,
  sessionLogs,
  sessionStop,
  sessionResume,
  sessionManifest,
  events,
  agentList,
  agentShow,
  agentAdd,
  agentUpdate,
  agentRemove,
  agentResume,
  autopilotStart,
  autopilotPause,
  autopilotStatus,
  ...SPEC_COMMANDS,
  importCommand,
  exportCommand,
  tokenCreate,
  tokenList,
  tokenRevoke,
  ...reportCommands,
  queueNext,
];
