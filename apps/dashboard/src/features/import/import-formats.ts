import type { ImportFormat } from "@maestro/domain";

/** How each format reads in the format select. */
export const FORMAT_LABELS: Record<ImportFormat, string> = {
  taskmaster: "Task Master (tasks.json)",
  "spec-kit": "Spec Kit (feature folder)",
  kiro: "Kiro (.kiro folder or one spec folder)",
  backlog: "Backlog.md (backlog folder)",
  "agent-maestro": "Agent Maestro (data folder)",
  json: "Maestro export (JSON file)",
};

/** Whether a format reads a folder (the upload picks a folder) rather than one file. */
export function isFolderFormat(format: ImportFormat): boolean {
  switch (format) {
    case "taskmaster":
    case "json":
      return false;
    case "spec-kit":
    case "kiro":
    case "backlog":
    case "agent-maestro":
      return true;
  }
}

/** Where a format's source usually sits in a project, as the path field's example. */
export const PATH_EXAMPLES: Record<ImportFormat, string> = {
  taskmaster: ".taskmaster/tasks/tasks.json",
  "spec-kit": "specs/001-photo-albums",
  kiro: ".kiro",
  backlog: "backlog",
  "agent-maestro": "agent-maestro-data",
  json: "web.maestro.json",
};

/** The formats whose `tag` input picks one part of the source, and how the field reads for each. */
export const TAG_FIELDS: Partial<Record<ImportFormat, { label: string; hint: string }>> = {
  taskmaster: { label: "Tag", hint: "Optional: the tag to import (default master, or the only one)" },
  "agent-maestro": {
    label: "Project in the data folder",
    hint: "Optional when the folder holds one project: its id or name",
  },
};
