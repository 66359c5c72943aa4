/*
 * Graph view (`/projects/:key/graph`). Accessible names for tests:
 * region "Task graph"; one link per task named "<KEY> <title>" (opens the panel), described by
 * its status, session marker ("Running", "Queued", "Waiting (usage limit)"…), landing ("Landed",
 * "Done, not landed", "Conflict"…, also data-landing on the node), "Overlaps: also changes …",
 * "Critical path" and the explanation of why it is (not) running; region "Critical path" lists its keys;
 * status "Explanation" shows the hovered, focused or open task's explanation in full; buttons
 * "Zoom out", "Zoom in" (see graph-zoom.tsx). A big project shows its first 100 tasks (the
 * board's order) and says so in note "Tasks shown", with button "Load more tasks" to widen it.
 */
import { useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { Loading } from "../../components/empty-state";
import { ErrorAlert } from "../../components/error-alert";
import { LoadMore } from "../../components/load-more";
import { useBusySessions, useTaskExplanations } from "../autopilot/use-autopilot";
import { describeOverlap, overlapsByTask } from "../landing/overlaps";
import { useProjectContext } from "../project/project-context";
import { NoTasks } from "../task/no-tasks";
import type { TaskIndex } from "../task/task-index";
import { useTaskCounts, useTaskPages } from "../task/use-project-tasks";
import { criticalPath } from "./critical-path";
import { GraphEdges } from "./graph-edges";
import { readingOrder } from "./graph-layout";
import { GraphNode } from "./graph-node";
import styles from "./graph-view.module.css";
import { GraphZoom } from "./graph-zoom";
import { sessionMarkers } from "./session-markers";
import { useGraphLayout } from "./use-graph-layout";

/** Tasks laid out at first, and added by "Load more tasks": dagre takes ~1 s for 500 linked tasks, the rest of the first paint as much again for 200. */
const GRAPH_PAGE_SIZE = 100;

export function GraphView() {
  const { project } = useProjectContext();
  const { query, index } = useTaskPages(project.id, GRAPH_PAGE_SIZE);
  const counts = useTaskCounts(project.id);
  if (query.isPending) return <Loading label="Loading tasks…" />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  if (index.tasks.length === 0) return <NoTasks projectKey={project.key} />;
  const total = counts.data?.total ?? index.tasks.length;
  return (
    <>
      {query.hasNextPage ? (
        <div className="notice" role="note" aria-label="Tasks shown">
          Showing {index.tasks.length} of {total} tasks (the first in the board's order) and the dependencies between
          them. <LoadMore query={query} what="tasks" />
        </div>
      ) : null}
      <GraphCanvas projectId={project.id} index={index} />
    </>
  );
}

function GraphCanvas({ projectId, index }: { projectId: string; index: TaskIndex }) {
  const [searchParams] = useSearchParams();
  const taskIds = useMemo(() => index.tasks.map((task) => task.id), [index.tasks]);
  const explanations = useTaskExplanations(projectId, taskIds);
  const sessions = useBusySessions(projectId);
  const layout = useGraphLayout(index.tasks);
  const order = useMemo(() => readingOrder(layout), [layout]);
  const critical = useMemo(() => criticalPath(index.tasks), [index.tasks]);
  const criticalIds = useMemo(() => new Set(critical.ids), [critical]);
  const markers = useMemo(() => sessionMarkers(sessions.data ?? []), [sessions.data]);
  const overlaps = useMemo(() => overlapsByTask(index.tasks), [index.tasks]);
  const [inspectedId, setInspectedId] = useState<string | null>(null);
  const [zoom, setZoom] = useState(1);

  const selectedKey = searchParams.get("task")?.toUpperCase() ?? null;
  const shown =
    (inspectedId ? index.byId.get(inspectedId) : undefined) ?? (selectedKey ? index.byKey.get(selectedKey) : undefined);
  const keyOf = (id: string) => index.byId.get(id)?.key ?? "?";

  return (
    <section className={styles.view} aria-label="Task graph">
      <div className={styles.toolbar}>
        <section aria-label="Critical path">
          <span className={styles.criticalLabel}>Critical path</span>{" "}
          {critical.ids.length === 0 ? (
            <span className="muted">nothing left to do</span>
          ) : (
            <span>
              {critical.ids.map(keyOf).join(" → ")} <span className="muted">({critical.ids.length} not done)</span>
            </span>
          )}
        </section>
        <GraphZoom zoom={zoom} onZoom={setZoom} />
      </div>
      <p className={styles.explain} role="status" aria-live="off" aria-label="Explanation">
        {shown ? (
          <>
            <span className="task-key">{shown.key}</span> {explanations.get(shown.id) ?? "…"}
          </>
        ) : (
          <span className="muted">Hover or focus a task to see why it is or is not running.</span>
        )}
      </p>
      <ErrorAlert error={sessions.error} />
      <div className={styles.canvas}>
        {/* Sized to the zoomed stage, so the scrollbars pan exactly the visible graph. */}
        <div style={{ width: layout.width * zoom, height: layout.height * zoom }}>
          <div
            className={styles.stage}
            style={{ width: layout.width, height: layout.height, transform: `scale(${zoom})` }}
          >
            <GraphEdges layout={layout} tasks={index.byId} critical={critical.edges} />
            {order.map((id) => {
              const task = index.byId.get(id);
              const at = layout.nodes.get(id);
              if (!task || !at) return null;
              return (
                <GraphNode
                  key={id}
                  task={task}
                  at={at}
                  marker={markers.get(id)}
                  explanation={explanations.get(id)}
                  isCritical={criticalIds.has(id)}
                  isSelected={task.key === selectedKey}
                  overlaps={overlaps.get(id)?.map(describeOverlap).join("; ")}
                  onInspect={setInspectedId}
                />
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}
