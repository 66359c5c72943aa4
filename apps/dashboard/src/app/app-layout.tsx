import { Link, NavLink, Outlet } from "react-router";
import { LiveIndicator } from "../features/live/live-indicator";
import { useLiveEvents } from "../features/live/use-live-events";
import { NeedsInputBadge } from "../features/session/needs-input-badge";
import { UsageLimitBadge } from "../features/session/usage-limit-badge";
import { ApprovalsLink } from "../features/spec/approvals-badge";

/**
 * The shell: link "Maestro home", links "N need input" and "N waiting on a usage limit" (when
 * some do), navigation "Main" with
 * links "All sessions", "Agents" and "Approvals, N waiting", status "Connection: <state>".
 */
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
        <div className="header-end">
          <NeedsInputBadge />
          <UsageLimitBadge />
          <nav aria-label="Main" className="main-nav">
            <NavLink to="/sessions" end>
              All sessions
            </NavLink>
            <NavLink to="/agents">Agents</NavLink>
            <ApprovalsLink />
          </nav>
          <LiveIndicator status={liveStatus} />
        </div>
      </header>
      <main id="main" className="app-main">
        <Outlet />
      </main>
    </div>
  );
}
