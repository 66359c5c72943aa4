import { createBrowserRouter } from "react-router";
import { AgentsPage } from "../features/agent/agents-page";
import { ReviewView } from "../features/landing/review-view";
import { ProjectPage } from "../features/project/project-page";
import { ProjectSettingsView } from "../features/project/project-settings-view";
import { SettingsPage } from "../features/notify/settings-page";
import { ProjectsPage } from "../features/project/projects-page";
import { AllSessionsPage } from "../features/session/all-sessions-page";
import { SessionPage } from "../features/session/session-page";
import { SessionsView } from "../features/session/sessions-view";
import { ApprovalsPage } from "../features/spec/approvals-page";
import { SpecPage } from "../features/spec/spec-page";
import { SpecsView } from "../features/spec/specs-view";
import { SteeringView } from "../features/spec/steering-view";
import { BoardView } from "../features/task/board/board-view";
import { TaskTreeView } from "../features/task/tree/task-tree-view";
import { TokensPage } from "../features/token/tokens-page";
import { AppLayout } from "./app-layout";
import { NotFoundPage, RouteError } from "./fallback-pages";

/**
 * `/` projects · `/projects/:key` board · `/projects/:key/list` task tree ·
 * `/projects/:key/graph` dependency graph · `/projects/:key/review` tasks waiting for review or to land · `/projects/:key/sessions` the project's sessions · `/sessions` every session (`?status=`) ·
 * `/projects/:key/specs` specs · `/projects/:key/specs/:slug` one spec (`?phase=`) · `/projects/:key/steering` steering docs · `/projects/:key/settings` its webhook ·
 * `/sessions/:id` one session with its live log · `/agents` agent profiles · `/approvals` everything waiting for review ·
 * `/settings` settings (this browser's notifications; for admins, a link to `/settings/tokens`, named tokens).
 * `?task=WEB-3` on a project page opens that task's panel.
 */
export const createAppRouter = () =>
  createBrowserRouter([
    {
      path: "/",
      element: <AppLayout />,
      errorElement: <RouteError />,
      children: [
        { index: true, element: <ProjectsPage /> },
        {
          path: "projects/:key",
          element: <ProjectPage />,
          children: [
            { index: true, element: <BoardView /> },
            { path: "list", element: <TaskTreeView /> },
            // The layout library is loaded only by those who open the graph.
            {
              path: "graph",
              lazy: async () => ({ Component: (await import("../features/graph/graph-view")).GraphView }),
            },
            { path: "sessions", element: <SessionsView /> },
            { path: "review", element: <ReviewView /> },
            { path: "specs", element: <SpecsView /> },
            { path: "specs/:slug", element: <SpecPage /> },
            { path: "steering", element: <SteeringView /> },
            { path: "settings", element: <ProjectSettingsView /> },
          ],
        },
        { path: "sessions", element: <AllSessionsPage /> },
        { path: "sessions/:id", element: <SessionPage /> },
        { path: "agents", element: <AgentsPage /> },
        { path: "approvals", element: <ApprovalsPage /> },
        { path: "settings", element: <SettingsPage /> },
        { path: "settings/tokens", element: <TokensPage /> },
        { path: "*", element: <NotFoundPage /> },
      ],
    },
  ]);
