import type { DocumentPhase } from "../spec";
import type { Task } from "../task";

/** What an export is made from: a project's tasks (in rank order), specs with their current documents, steering. */
export interface ExportGraph {
  project: { key: string; name: string };
  tasks: readonly Task[];
  specs: readonly { id: string; slug: string; name: string; documents: Partial<Record<DocumentPhase, string>> }[];
  steering: readonly { name: string; content: string }[];
  /** Task id → its item number in its spec's tasks document, for tasks linked to one. */
  specItems?: ReadonlyMap<string, string>;
}

export interface ExportResult {
  format: "taskmaster" | "json";
  fileName: string;
  content: string;
}
