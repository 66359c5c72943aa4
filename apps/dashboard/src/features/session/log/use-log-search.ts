import { useDeferredValue, useMemo, useState } from "react";
import type { LogLine } from "./log-buffer";
import { type LogMatch, findMatches } from "./log-search";

export interface LogSearch {
  query: string;
  setQuery: (query: string) => void;
  /** The query the matches were computed for (lags `query` while typing in a large log). */
  activeQuery: string;
  matches: readonly LogMatch[];
  current: LogMatch | null;
  currentIndex: number;
  next: () => LogMatch | null;
  previous: () => LogMatch | null;
}

/** Search in the kept lines; next/previous walk the matches and wrap around. */
export function useLogSearch(rows: readonly LogLine[]): LogSearch {
  const [query, setQueryState] = useState("");
  const [position, setPosition] = useState(0);
  const activeQuery = useDeferredValue(query);
  const matches = useMemo(() => findMatches(rows, activeQuery), [rows, activeQuery]);
  const currentIndex = matches.length === 0 ? -1 : Math.min(position, matches.length - 1);
  const current = currentIndex === -1 ? null : matches[currentIndex]!;

  const move = (step: 1 | -1): LogMatch | null => {
    if (matches.length === 0) return null;
    const index = currentIndex === -1 ? 0 : (currentIndex + step + matches.length) % matches.length;
    setPosition(index);
    return matches[index]!;
  };
  const setQuery = (next: string) => {
    setQueryState(next);
    setPosition(0);
  };

  return {
    query,
    setQuery,
    activeQuery,
    matches,
    current,
    currentIndex,
    next: () => move(1),
    previous: () => move(-1),
  };
}
