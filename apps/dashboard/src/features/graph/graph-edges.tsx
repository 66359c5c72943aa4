import type { Task } from "@maestro/domain";
import styles from "./graph-edges.module.css";
import { type GraphLayout, edgePath } from "./graph-layout";

interface GraphEdgesProps {
  layout: GraphLayout;
  tasks: ReadonlyMap<string, Task>;
  critical: ReadonlySet<string>;
}

/** Dependency → dependent arrows under the nodes; satisfied ones fade, the critical path stands out. */
export function GraphEdges({ layout, tasks, critical }: GraphEdgesProps) {
  return (
    <svg className={styles.edges} width={layout.width} height={layout.height} aria-hidden="true">
      <defs>
        {["plain", "done", "critical"].map((kind) => (
          <marker
            key={kind}
            id={`graph-arrow-${kind}`}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" className={styles.arrow} data-kind={kind} />
          </marker>
        ))}
      </defs>
      {layout.edges.map((edge) => {
        // A layout settles a moment after the tasks change: skip edges of deleted tasks.
        if (!tasks.has(edge.from) || !tasks.has(edge.to)) return null;
        const kind = critical.has(edge.id) ? "critical" : tasks.get(edge.from)?.status === "done" ? "done" : "plain";
        return (
          <path
            key={edge.id}
            d={edgePath(edge.points)}
            className={styles.edge}
            data-kind={kind}
            markerEnd={`url(#graph-arrow-${kind})`}
          />
        );
      })}
    </svg>
  );
}
