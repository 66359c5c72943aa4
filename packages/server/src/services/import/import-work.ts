import type {
  ImportBundle,
  ImportPlan,
  ImportedSpec,
  ImportedTask,
  Project,
  Spec,
  Task,
  TaskStatus,
} from "@maestro/domain";

/** A task of the bundle as the plan resolved it against the project. */
export interface PlannedTask {
  item: ImportedTask;
  /** The task an earlier import of the same source created; null: it will be created. */
  existing: Task | null;
  key: string;
  /** The status it will have (a re-import never moves a task's status back). */
  status: TaskStatus;
  /** For an update: the fields that change. */
  changes: string[];
}

export interface PlannedSpec {
  item: ImportedSpec;
  existing: Spec | null;
  slug: string;
  /** The documents it will write (those whose text differs from the current version). */
  documents: ImportedSpec["documents"];
  /** Whether its tasks document is kept (Maestro's tasks.md reader takes it), so tasks can be linked to its items. */
  keepsTasks: boolean;
}

export interface PlannedSteering {
  /** The file name (`product.md`). */
  file: string;
  content: string;
  action: "create" | "update" | "unchanged";
}

/** Everything an apply needs, computed once by the plan (so preview and apply cannot disagree). */
export interface ImportWork {
  project: Project;
  bundle: ImportBundle;
  tasks: PlannedTask[];
  specs: PlannedSpec[];
  steering: PlannedSteering[];
  /** Project task ids by the bundle's (or an earlier import's) sourceId; created tasks get `new:<sourceId>`. */
  taskIds: Map<string, string>;
  plan: ImportPlan;
}

/** The placeholder id of a task the import will create. */
export const newTaskId = (sourceId: string) => `new:${sourceId}`;
export const newSpecId = (sourceId: string) => `new-spec:${sourceId}`;
