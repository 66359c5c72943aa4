/*
 * Session log. Accessible names: region "Session log"; search box "Search log"; buttons
 * "Previous match", "Next match", "Follow log" (aria-pressed); focusable scroll area
 * "Log output"; empty state "No output yet"; when older lines were dropped, a note and the
 * collapsible "Earlier output" (buttons "Previous page", "Next page").
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useEffectEvent, useRef } from "react";
import { ErrorAlert } from "../../../components/error-alert";
import { EarlierLog } from "./earlier-log";
import { MAX_LINES } from "./log-buffer";
import { LogLineView } from "./log-line";
import styles from "./log.module.css";
import { LogToolbar } from "./log-toolbar";
import { useLogFollow } from "./use-log-follow";
import { useLogSearch } from "./use-log-search";
import type { SessionLog } from "./use-session-log";

/** Rows never wrap (long lines scroll sideways), so every row has this exact height. */
const ROW_HEIGHT = 20;

export function LogView({ sessionId, log }: { sessionId: string; log: SessionLog }) {
  const { rows, dropped } = log;
  const scrollRef = useRef<HTMLDivElement>(null);
  const search = useLogSearch(rows);
  const follow = useLogFollow({ scrollRef, rowCount: rows.length, dropped, rowHeight: ROW_HEIGHT });
  // eslint-disable-next-line react-hooks/incompatible-library -- the dashboard is not built with the React Compiler
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const needle = search.activeQuery.toLowerCase();
  const current = search.current;

  const jumpTo = (row: number) => {
    follow.setIsFollowing(false);
    virtualizer.scrollToIndex(row, { align: "center" });
  };
  // Like a browser's find: a new search shows its first match at once.
  const showFirstMatch = useEffectEvent(() => {
    if (search.current) jumpTo(search.current.row);
  });
  useEffect(() => showFirstMatch(), [search.activeQuery]);

  return (
    <section className={styles.view} aria-label="Session log">
      <div className="section-head">
        <h2>Log</h2>
        {log.status === "connecting" ? <span className="muted">Connecting to the log…</span> : null}
      </div>
      <LogToolbar
        search={search}
        onJump={jumpTo}
        isFollowing={follow.isFollowing}
        onToggleFollow={() => follow.setIsFollowing(!follow.isFollowing)}
      />
      {log.status === "error" ? <ErrorAlert error={log.error} /> : null}
      {dropped > 0 ? (
        <>
          <p className={styles.note} role="note">
            Showing the newest {MAX_LINES.toLocaleString("en-US")} lines; {dropped.toLocaleString("en-US")} earlier
            lines are no longer kept in this view.
          </p>
          <EarlierLog sessionId={sessionId} untilSeq={rows[0]?.seq ?? 0} />
        </>
      ) : null}
      <div
        ref={scrollRef}
        className={styles.scroll}
        tabIndex={0}
        role="group"
        aria-label="Log output"
        {...follow.handlers}
      >
        {rows.length === 0 ? (
          <p className={styles.empty}>No output yet</p>
        ) : (
          <div
            className={styles.rows}
            style={{
              height: virtualizer.getTotalSize(),
              ["--gutter-width" as string]: `${String(rows.at(-1)?.n ?? 1).length + 1}ch`,
            }}
          >
            {virtualizer.getVirtualItems().map((item) => {
              const line = rows[item.index]!;
              return (
                <div
                  key={line.n}
                  className={styles.row}
                  data-stream={line.stream}
                  style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                >
                  <LogLineView
                    line={line}
                    needle={needle}
                    currentOccurrence={current?.row === item.index ? current.occurrence : null}
                  />
                </div>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}
