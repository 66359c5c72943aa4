import { createBrowserRouter } from "react-router";
import { ProjectPage } from "../features/project/project-page";
import { ProjectsPage } from "../features/project/projects-page";
import { BoardView } from "../features/task/board/board-view";
import { TaskTreeView } from "../features/task/tree/task-tree-view";
import { AppLayout } from "./app-layout";
import { NotFoundPage, RouteError } from "./fallback-pages";

/**
 * `/` projects · `/projects/:key` board · `/projects/:key/list` task tree.
 * `?task=WEB-3` on a project page opens that task's panel.
 */
export const router = createBrowserRouter([
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
        ],
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
