import type { KeyboardEvent } from "react";
import { cx } from "../../../lib/cx";
import type { LogSearch } from "./use-log-search";
import { MAX_MATCHES } from "./log-search";
import styles from "./log.module.css";

interface LogToolbarProps {
  search: LogSearch;
  onJump: (row: number) => void;
  isFollowing: boolean;
  onToggleFollow: () => void;
}

function matchStatus(search: LogSearch): string {
  if (!search.activeQuery) return "";
  const total = search.matches.length;
  if (total === 0) return "No matches";
  return `${search.currentIndex + 1} of ${total >= MAX_MATCHES ? `${MAX_MATCHES}+` : total}`;
}

/** Search box "Search log", buttons "Previous match", "Next match" and the "Follow log" toggle. */
export function LogToolbar({ search, onJump, isFollowing, onToggleFollow }: LogToolbarProps) {
  const go = (step: 1 | -1) => {
    const match = step === 1 ? search.next() : search.previous();
    if (match) onJump(match.row);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    go(event.shiftKey ? -1 : 1);
  };
  const hasMatches = search.matches.length > 0;
  return (
    <div className={styles.toolbar}>
      <input
        type="search"
        className={styles.search}
        aria-label="Search log"
        placeholder="Search log"
        value={search.query}
        onChange={(event) => search.setQuery(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="button" className="button button--small" onClick={() => go(-1)} disabled={!hasMatches}>
        Previous match
      </button>
      <button type="button" className="button button--small" onClick={() => go(1)} disabled={!hasMatches}>
        Next match
      </button>
      <span className={`muted ${styles.matchStatus}`} role="status" aria-live="polite">
        {matchStatus(search)}
      </span>
      <button
        type="button"
        className={cx("button button--small", styles.follow, isFollowing && styles.followOn)}
        aria-pressed={isFollowing}
        onClick={onToggleFollow}
      >
        Follow log
      </button>
    </div>
  );
}
