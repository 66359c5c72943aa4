import { Link, NavLink, Outlet } from "react-router";
import { SignOutButton } from "../features/auth/sign-out-button";
import { LiveIndicator } from "../features/live/live-indicator";
import { useLiveEvents } from "../features/live/use-live-events";
import { SessionCountBadge } from "../features/session/session-count-badge";
import { ApprovalsLink } from "../features/spec/approvals-badge";
import styles from "./app-layout.module.css";

/**
 * The shell: link "Maestro home", links "N need input" and "N waiting on a usage limit" (when
 * some do), navigation "Main" with
 * links "All sessions", "Agents" and "Approvals, N waiting", status "Connection: <state>", button "Sign out".
 */
export function AppLayout() {
  const liveStatus = useLiveEvents();
  return (
    <div className={styles.app}>
      <a className={styles.skipLink} href="#main">
        Skip to content
      </a>
      <header className={styles.header}>
        <Link to="/" className={styles.brand} aria-label="Maestro home">
          <span className={styles.brandMark} aria-hidden="true">
            M
          </span>
          Maestro
        </Link>
        <div className={styles.headerEnd}>
          <SessionCountBadge status="needs_input" label="need input" />
          <SessionCountBadge
            status="waiting"
            label="waiting on a usage limit"
            title="These sessions resume by themselves when their agent's usage limit resets"
          />
          <nav aria-label="Main" className={styles.nav}>
            <NavLink to="/sessions" end>
              All sessions
            </NavLink>
            <NavLink to="/agents">Agents</NavLink>
            <ApprovalsLink />
          </nav>
          <LiveIndicator status={liveStatus} />
          <SignOutButton />
        </div>
      </header>
      <main id="main" className={styles.main}>
        <Outlet />
      </main>
    </div>
  );
}
