import { type ReactNode, memo } from "react";
import { type Segment, toSegments } from "./ansi";
import type { LogLine } from "./log-buffer";
import styles from "./log.module.css";
import { occurrences } from "./log-search";

interface LogLineViewProps {
  line: LogLine;
  /** Lower-cased search text, or "" for none. */
  needle: string;
  /** The occurrence in this line that is the current match, if any. */
  currentOccurrence: number | null;
}

/** Cuts coloured segments at match boundaries and wraps the matches in <mark>. */
function highlight(segments: readonly Segment[], needle: string, currentOccurrence: number | null): ReactNode[] {
  const text = segments.map((segment) => segment.text).join("");
  const starts = occurrences(text, needle);
  const nodes: ReactNode[] = [];
  let offset = 0;
  segments.forEach((segment, index) => {
    const end = offset + segment.text.length;
    let cursor = offset;
    const parts: ReactNode[] = [];
    starts.forEach((start, occurrence) => {
      const from = Math.max(start, cursor);
      const to = Math.min(start + needle.length, end);
      if (from >= to) return;
      if (from > cursor) parts.push(text.slice(cursor, from));
      const isCurrent = occurrence === currentOccurrence;
      parts.push(
        <mark
          key={`${occurrence}-${from}`}
          className={isCurrent ? `${styles.match} ${styles.current}` : styles.match}
          data-current={isCurrent || undefined}
        >
          {text.slice(from, to)}
        </mark>,
      );
      cursor = to;
    });
    if (cursor < end) parts.push(text.slice(cursor, end));
    nodes.push(
      <span key={index} style={segment.style}>
        {parts}
      </span>,
    );
    offset = end;
  });
  return nodes;
}

/** One log line: colours from ANSI codes, rendered as escaped text; stderr and system lines tinted. */
export const LogLineView = memo(function LogLineView({ line, needle, currentOccurrence }: LogLineViewProps) {
  const segments = toSegments(line.display);
  const hasMatch = needle !== "" && line.plain.toLowerCase().includes(needle);
  return (
    <>
      <span className={styles.gutter} aria-hidden="true">
        {line.n}
      </span>
      <span className={styles.text}>
        {line.stream === "stderr" ? <span className="visually-hidden">stderr: </span> : null}
        {hasMatch
          ? highlight(segments, needle, currentOccurrence)
          : segments.map((segment, index) => (
              <span key={index} style={segment.style}>
                {segment.text}
              </span>
            ))}
      </span>
    </>
  );
});
