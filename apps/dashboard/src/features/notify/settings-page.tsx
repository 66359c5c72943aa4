/*
 * Settings (`/settings`). Accessible names: heading "Settings"; for admins, region "Team" with link
 * "Tokens" (see features/token); region "Browser notifications" (kept in this browser) with switch "Browser notifications", a note on the permission
 * ("Notifications are blocked …" when denied), and group "Tell me when" with one checkbox per
 * kind (see NOTICE_KIND_LABELS).
 */
import { NOTICE_KINDS, type NoticeKind } from "@maestro/domain";
import { useState } from "react";
import { Link } from "react-router";
import { PageHeader } from "../../components/page-header";
import { useCan } from "../auth/use-me";
import { NOTICE_KIND_LABELS } from "./notice-text";
import { type PermissionState, useNotificationPermission } from "./notification-permission";
import { useNotifyPrefs } from "./notify-prefs";
import styles from "./settings-page.module.css";

export function SettingsPage() {
  return (
    <div className="page">
      <title>Settings · Maestro</title>
      <PageHeader title="Settings" />
      <TeamSettings />
      <NotificationSettings />
    </div>
  );
}

/** Region "Team" with link "Tokens", for who may manage them (admins and the owner). */
function TeamSettings() {
  const canManageTokens = useCan("token.list");
  if (!canManageTokens) return null;
  return (
    <section className={`box ${styles.section}`} aria-labelledby="team-heading">
      <div className="section-head">
        <h2 id="team-heading">Team</h2>
      </div>
      <p>
        <Link to="/settings/tokens">Tokens</Link>: named tokens for people and scripts, each with a role.
      </p>
    </section>
  );
}

function NotificationSettings() {
  const [prefs, updatePrefs] = useNotifyPrefs();
  const [permission, requestPermission] = useNotificationPermission();
  const [isAsking, setIsAsking] = useState(false);
  const isOn = prefs.isEnabled && permission === "granted";
  const toggle = async (wantsOn: boolean) => {
    if (!wantsOn) return updatePrefs({ isEnabled: false });
    setIsAsking(true);
    // The browser asks the person only from a click, and only while it has not been answered.
    const answer = permission === "granted" ? permission : await requestPermission();
    setIsAsking(false);
    updatePrefs({ isEnabled: answer === "granted" });
  };
  const toggleKind = (kind: NoticeKind, isWanted: boolean) =>
    updatePrefs({ kinds: NOTICE_KINDS.filter((k) => (k === kind ? isWanted : prefs.kinds.includes(k))) });
  return (
    <section className={`box ${styles.section}`} aria-labelledby="notifications-heading">
      <div className="section-head">
        <h2 id="notifications-heading">Browser notifications</h2>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          role="switch"
          checked={isOn}
          aria-busy={isAsking}
          disabled={permission === "unsupported" || permission === "denied"}
          onChange={(event) => void toggle(event.target.checked)}
        />
        Browser notifications
      </label>
      <PermissionNote permission={permission} isWanted={prefs.isEnabled} />
      <p className="muted">
        Kept in this browser. Shown while this tab is in the background (hidden, or another window has the focus): a
        look at the tab already tells you. Your own changes, made here or with the CLI, never notify. Clicking one opens
        its page.
      </p>
      <fieldset disabled={!isOn}>
        <legend>Tell me when</legend>
        {NOTICE_KINDS.map((kind) => (
          <label key={kind} className="checkbox">
            <input
              type="checkbox"
              checked={prefs.kinds.includes(kind)}
              onChange={(event) => toggleKind(kind, event.target.checked)}
            />
            {NOTICE_KIND_LABELS[kind]}
          </label>
        ))}
      </fieldset>
    </section>
  );
}

/** What the browser allows, and how to change it when it refuses. */
function PermissionNote({ permission, isWanted }: { permission: PermissionState; isWanted: boolean }) {
  switch (permission) {
    case "unsupported":
      return <p className="notice">This browser cannot show notifications.</p>;
    case "denied":
      return (
        <p className="notice" role="note">
          Notifications are blocked for this site. To allow them, open the site settings (the icon at the left of the
          address bar), set Notifications to Allow, and reload this page.
        </p>
      );
    case "default":
      return isWanted ? (
        <p className="notice">Turn the switch on again to let the browser ask for permission.</p>
      ) : (
        <p className="muted">Turning this on asks the browser for permission.</p>
      );
    case "granted":
      return null;
  }
}
