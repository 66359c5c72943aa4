import dagre from "@dagrejs/dagre";
import type { Task } from "@maestro/domain";
import { edgeId } from "./critical-path";

export const NODE_WIDTH = 230;
export const NODE_HEIGHT = 78;
const MARGIN = 16;

export interface LayoutInput {
  /** Task ids, in list order. */
  nodes: string[];
  /** Dependency → dependent, only between listed tasks. */
  edges: Array<{ from: string; to: string }>;
}

export interface Point {
  x: number;
  y: number;
}

export interface GraphLayout {
  /** Top-left corner of each node, in pixels. */
  nodes: Map<string, Point>;
  edges: Array<{ id: string; from: string; to: string; points: Point[] }>;
  width: number;
  height: number;
}

/** The shape of the graph only: statuses and titles change often and must not move nodes. */
export function buildLayoutInput(tasks: readonly Pick<Task, "id" | "dependsOn">[]): LayoutInput {
  const ids = new Set(tasks.map((task) => task.id));
  const edges: LayoutInput["edges"] = [];
  for (const task of tasks) {
    for (const from of new Set(task.dependsOn)) {
      if (ids.has(from) && from !== task.id) edges.push({ from, to: task.id });
    }
  }
  return { nodes: tasks.map((task) => task.id), edges };
}

/** A string that changes exactly when the layout would, to memoize on (ids are uuids: no `,|→`). */
export function layoutKey(input: LayoutInput): string {
  return `${input.nodes.join(",")}|${input.edges.map((edge) => edgeId(edge.from, edge.to)).join(",")}`;
}

export function parseLayoutKey(key: string): LayoutInput {
  const [nodes = "", edges = ""] = key.split("|");
  return {
    nodes: nodes ? nodes.split(",") : [],
    edges: edges
      ? edges.split(",").map((edge) => {
          const [from = "", to = ""] = edge.split("→");
          return { from, to };
        })
      : [],
  };
}

/** Left to right by dependency depth (dagre's layered layout), nodes of equal size. */
export function layoutGraph(input: LayoutInput): GraphLayout {
  const graph = new dagre.graphlib.Graph<
    object,
    { width: number; height: number; x?: number; y?: number },
    { points?: Point[] }
  >();
  graph.setGraph({ rankdir: "LR", nodesep: 18, ranksep: 64, marginx: MARGIN, marginy: MARGIN });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const id of input.nodes) graph.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const { from, to } of input.edges) graph.setEdge(from, to);
  dagre.layout(graph);

  const nodes = new Map<string, Point>();
  let width = 0;
  let height = 0;
  for (const id of input.nodes) {
    const { x = 0, y = 0 } = graph.node(id);
    const corner = { x: x - NODE_WIDTH / 2, y: y - NODE_HEIGHT / 2 };
    nodes.set(id, corner);
    width = Math.max(width, corner.x + NODE_WIDTH + MARGIN);
    height = Math.max(height, corner.y + NODE_HEIGHT + MARGIN);
  }
  const edges = input.edges.map(({ from, to }) => ({
    id: edgeId(from, to),
    from,
    to,
    points: graph.edge(from, to)?.points ?? [],
  }));
  return { nodes, edges, width, height };
}

/** An SVG path through dagre's edge points, smoothed with quadratic curves between midpoints. */
export function edgePath(points: readonly Point[]): string {
  if (points.length === 0) return "";
  const [first, ...rest] = points;
  if (rest.length === 0) return `M${first!.x},${first!.y}`;
  let path = `M${first!.x},${first!.y}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const control = rest[i]!;
    const next = rest[i + 1]!;
    path += ` Q${control.x},${control.y} ${(control.x + next.x) / 2},${(control.y + next.y) / 2}`;
  }
  const last = rest[rest.length - 1]!;
  return `${path} L${last.x},${last.y}`;
}

/** Nodes in reading order (column by column, top to bottom), so Tab walks the graph sensibly. */
export function readingOrder(layout: GraphLayout): string[] {
  return [...layout.nodes.entries()].sort(([, a], [, b]) => a.x - b.x || a.y - b.y).map(([id]) => id);
}
