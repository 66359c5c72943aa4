import { Link, NavLink, Outlet } from "react-router";
import { SignOutButton } from "../features/auth/sign-out-button";
import { SignedInAs } from "../features/auth/signed-in-as";
import { LiveIndicator } from "../features/live/live-indicator";
import { useLiveEvents } from "../features/live/use-live-events";
import { useLiveNotices } from "../features/notify/use-live-notices";
import { useTitleCount } from "../features/notify/use-title-count";
import { SessionCountBadge } from "../features/session/session-count-badge";
import { ApprovalsLink } from "../features/spec/approvals-badge";
import styles from "./app-layout.module.css";

/**
 * The shell: link "Maestro home", links "N need input" and "N waiting on a usage limit" (when
 * some do), navigation "Main" with
 * links "All sessions", "Agents", "Approvals, N waiting" and "Settings", status "Connection: <state>", the text
 * "Signed in as <name> (<role>)" and button "Sign out".
 * The title starts with the count of what waits ("(3) …"); opted-in browser notifications are
 * shown from here (see features/notify).
 */
export function AppLayout() {
  const liveStatus = useLiveEvents();
  useLiveNotices();
  useTitleCount();
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
            <NavLink to="/settings">Settings</NavLink>
          </nav>
          <LiveIndicator status={liveStatus} />
          <SignedInAs />
          <SignOutButton />
        </div>
      </header>
      <main id="main" className={styles.main}>
        <Outlet />
      </main>
    </div>
  );
}
