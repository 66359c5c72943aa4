import type { AutopilotState, MaestroEvent, Project, Task } from "@maestro/domain";
import type { AppRouter, RouterOutputs } from "@maestro/server";
import type { QueryClient, QueryKey } from "@tanstack/react-query";
import type { TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { refreshesAutopilot, withAutopilotState } from "./autopilot-cache";
import { newerTask, removeProject, upsertProject } from "./cache-updates";
import { refreshLanding } from "./landing-cache";
import { type CachedPages, emptyPages, pagesOf } from "./page-cache";
import { specRefreshFor } from "./spec-cache";
import { storeSession } from "./store-session";
import { type TaskListFilter, belongsInList, dropTaskFromPages, storeTaskInPages } from "./task-pages";

type Trpc = TRPCOptionsProxy<AppRouter>;
type AutopilotStatus = RouterOutputs["autopilot"]["status"];

/*
 * A project's task lists (the board's columns, the tree's pages, pickers) are patched in place
 * wherever the filter can be checked here; lists filtered on readiness need the server's logic
 * and are refetched instead. Counts per status are refetched (one cheap query).
 */

/** Puts a task (from an event or a mutation response) into every cached view of it. */
export function storeTask(queryClient: QueryClient, trpc: Trpc, task: Task): void {
  for (const { queryKey, filter } of taskListsOf(queryClient, trpc, task.projectId)) {
    const belongs = belongsInList(filter, task);
    if (belongs === null) void queryClient.invalidateQueries({ queryKey, exact: true });
    else queryClient.setQueryData<CachedPages<Task>>(queryKey, (data) => storeTaskInPages(data, task, belongs));
  }
  void queryClient.invalidateQueries(trpc.task.counts.queryFilter({ id: task.projectId }));
  for (const id of [task.id, task.key]) {
    queryClient.setQueriesData<Task>({ ...trpc.task.byId.queryFilter({ id }), exact: true }, (current) =>
      current ? newerTask(current, task) : undefined,
    );
  }
}

export function forgetTask(
  queryClient: QueryClient,
  trpc: Trpc,
  task: { id: string; key: string; projectId: string },
): void {
  for (const { queryKey, filter } of taskListsOf(queryClient, trpc, task.projectId)) {
    if (filter.ready) void queryClient.invalidateQueries({ queryKey, exact: true });
    else queryClient.setQueryData<CachedPages<Task>>(queryKey, (data) => dropTaskFromPages(data, task.id));
  }
  void queryClient.invalidateQueries(trpc.task.counts.queryFilter({ id: task.projectId }));
  for (const id of [task.id, task.key]) void queryClient.invalidateQueries(trpc.task.byId.queryFilter({ id }));
}

/** The cached `task.list` queries of a project, with the filter each was asked with. */
function taskListsOf(queryClient: QueryClient, trpc: Trpc, projectId: string) {
  return queryClient
    .getQueryCache()
    .findAll(trpc.task.list.pathFilter())
    .map((query) => ({ queryKey: query.queryKey, filter: listFilterOf(query.queryKey) }))
    .filter((list): list is { queryKey: QueryKey; filter: TaskListFilter } => list.filter?.projectId === projectId);
}

/** A task as some cached list holds it (a board move shows before the server answers). */
export function cachedTask(queryClient: QueryClient, trpc: Trpc, taskId: string): Task | undefined {
  for (const query of queryClient.getQueryCache().findAll(trpc.task.list.pathFilter())) {
    const data = query.state.data as CachedPages<Task> | undefined;
    const task =
      data &&
      pagesOf(data)
        .flatMap((page) => page.items)
        .find((item) => item.id === taskId);
    if (task) return task;
  }
  return undefined;
}

/** Every cached `task.list` query of a project, whatever its filters (to refetch them). */
export function taskListsFilter(trpc: Trpc, projectId: string) {
  return {
    ...trpc.task.list.pathFilter(),
    predicate: (query: { queryKey: QueryKey }) => listFilterOf(query.queryKey)?.projectId === projectId,
  };
}

/** tRPC's query keys are `[path, { input, type }]`; infinite ones leave the cursor out of `input`. */
function listFilterOf(queryKey: QueryKey): TaskListFilter | undefined {
  return (queryKey[1] as { input?: TaskListFilter } | undefined)?.input;
}

export function storeProject(queryClient: QueryClient, trpc: Trpc, project: Project): void {
  // Both single pages and loaded pages (infinite queries) live under the path.
  queryClient.setQueriesData<CachedPages<Project>>(trpc.project.list.pathFilter(), (list) =>
    upsertProject(list, project),
  );
  for (const id of [project.id, project.key]) {
    queryClient.setQueriesData<Project>({ ...trpc.project.byId.queryFilter({ id }), exact: true }, (current) =>
      current ? project : undefined,
    );
  }
}

export function forgetProject(queryClient: QueryClient, trpc: Trpc, project: { id: string; key: string }): void {
  queryClient.setQueriesData<CachedPages<Project>>(trpc.project.list.pathFilter(), (list) =>
    removeProject(list, project.id),
  );
  for (const { queryKey } of taskListsOf(queryClient, trpc, project.id)) {
    queryClient.setQueryData<CachedPages<Task>>(queryKey, (data) => emptyPages(data));
  }
  for (const id of [project.id, project.key]) void queryClient.invalidateQueries(trpc.project.byId.queryFilter({ id }));
}

/** Applies one live event to the cache. */
export function applyEvent(queryClient: QueryClient, trpc: Trpc, event: MaestroEvent): void {
  switch (event.kind) {
    case "task.created":
    case "task.updated":
      storeTask(queryClient, trpc, event.payload.task);
      break;
    case "task.deleted":
      forgetTask(queryClient, trpc, { id: event.entityId, key: event.payload.key, projectId: event.projectId });
      break;
    case "project.created":
    case "project.updated":
      storeProject(queryClient, trpc, event.payload.project);
      break;
    case "project.deleted":
      forgetProject(queryClient, trpc, { id: event.entityId, key: event.payload.key });
      break;
    case "session.created":
    case "session.updated":
      storeSession(queryClient, trpc, event.payload.session, { isFromEvent: true });
      break;
    case "task.reviewed":
    case "task.checked":
      // Their lists are refetched (refreshLanding); the task's own states come as task.updated.
      break;
    case "session.reported":
      // The report's effects (lastReport, status, the task) arrive as their own events; the
      // timeline below is the event list, refreshed for every entity.
      break;
    case "autopilot.updated":
      storeAutopilotState(queryClient, trpc, event.payload.autopilot);
      break;
    case "budget.reached":
      // The spend query is refreshed below; the stops and the pause come as their own events.
      break;
    case "account.resumed":
      // The profiles' pauses show on the agents page; its queued sessions come as their own events.
      void queryClient.invalidateQueries(trpc.agent.list.pathFilter());
      break;
  }
  refreshSpecs(queryClient, trpc, event);
  refreshLanding(queryClient, trpc, event);
  if (refreshesSpend(event.kind)) {
    void queryClient.invalidateQueries(trpc.project.spend.pathFilter());
    void queryClient.invalidateQueries(trpc.task.spend.pathFilter());
  }
  if (refreshesAutopilot(event.kind)) {
    void queryClient.invalidateQueries(trpc.autopilot.status.queryFilter({ projectId: event.projectId }));
  }
  void queryClient.invalidateQueries(trpc.event.list.queryFilter({ entityId: event.entityId }));
}

/** Spend changes as sessions end or are stopped, and budgets with their task or project. */
function refreshesSpend(kind: MaestroEvent["kind"]): boolean {
  return (
    kind === "session.updated" || kind === "budget.reached" || kind === "task.updated" || kind === "project.updated"
  );
}

function refreshSpecs(queryClient: QueryClient, trpc: Trpc, event: MaestroEvent): void {
  switch (specRefreshFor(event)) {
    case "all":
      void queryClient.invalidateQueries(trpc.spec.pathFilter());
      break;
    case "tasks":
      void queryClient.invalidateQueries(trpc.spec.traceability.pathFilter());
      void queryClient.invalidateQueries(trpc.spec.tasksPreview.pathFilter());
      break;
    case null:
      break;
  }
}

/** The new state shows at once; limits, queue and explanations follow with the refetch. */
function storeAutopilotState(queryClient: QueryClient, trpc: Trpc, autopilot: AutopilotState): void {
  queryClient.setQueriesData<AutopilotStatus>(
    trpc.autopilot.status.queryFilter({ projectId: autopilot.projectId }),
    (status) => withAutopilotState(status, autopilot),
  );
}
