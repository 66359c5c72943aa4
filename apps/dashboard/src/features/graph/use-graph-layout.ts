import type { Task } from "@maestro/domain";
import { useEffect, useMemo, useState } from "react";
import { type GraphLayout, buildLayoutInput, layoutGraph, layoutKey, parseLayoutKey } from "./graph-layout";

/** A burst of new tasks (a spec's task list, a script) is laid out once, after it ends. */
const SETTLE_MS = 200;

/**
 * The layout of a project's task graph, recomputed only when its shape changes (tasks added,
 * removed or rewired), never for status changes: those arrive often, must not move nodes, and
 * dagre takes a few hundred milliseconds on 200 tasks. New tasks appear once the shape settles.
 */
export function useGraphLayout(tasks: readonly Task[]): GraphLayout {
  const key = useMemo(() => layoutKey(buildLayoutInput(tasks)), [tasks]);
  const [settledKey, setSettledKey] = useState(key);
  useEffect(() => {
    if (key === settledKey) return;
    const timer = setTimeout(() => setSettledKey(key), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [key, settledKey]);
  return useMemo(() => layoutGraph(parseLayoutKey(settledKey)), [settledKey]);
}
