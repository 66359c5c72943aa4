import { Link, Outlet } from "react-router";
import { LiveIndicator } from "../features/live/live-indicator";
import { useLiveEvents } from "../features/live/use-live-events";

export function AppLayout() {
  const liveStatus = useLiveEvents();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="brand" aria-label="Maestro home">
          <span className="brand-mark" aria-hidden="true">
            M
          </span>
          Maestro
        </Link>
        <LiveIndicator status={liveStatus} />
      </header>
      <main id="main" className="app-main">
        <Outlet />
      </main>
    </div>
  );
}
