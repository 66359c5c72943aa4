import { Link, isRouteErrorResponse, useRouteError } from "react-router";
import { EmptyState } from "../components/empty-state";

export function NotFoundPage() {
  return (
    <div className="page">
      <EmptyState title="Page not found">
        <p>
          <Link to="/">Back to projects</Link>
        </p>
      </EmptyState>
    </div>
  );
}

/** Last resort when rendering a route throws. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <div className="page">
      <div role="alert" className="alert">
        Something went wrong: {message}
      </div>
      <p>
        <a href="/">Reload the dashboard</a>
      </p>
    </div>
  );
}
