import type { ImportFormat } from "./bundle";

/**
 * Which files of a chosen folder a format reads (paths relative to it, `/`-separated), so whoever
 * reads the folder (the CLI, the server for `path`, the dashboard's upload) skips the rest before
 * the import's caps count it: an agent-maestro data directory's `sessions/` can be far larger
 * than everything it imports.
 */
const READS: Partial<Record<ImportFormat, (path: string) => boolean>> = {
  taskmaster: (path) => path.endsWith(".json"),
  json: (path) => path.endsWith(".json"),
  // The backlog/ folder, the folder holding it (a project root, whose other files are not Backlog.md's), or tasks/ alone.
  backlog: isBacklogFile,
  // The data directory (or the folder holding data/), or one project's task folder alone (its files at the top).
  "agent-maestro": (path) =>
    path.endsWith(".json") && (!path.includes("/") || /^(?:data\/)?(?:projects|tasks)\//.test(path)),
};

const BACKLOG_CONFIGS = new Set(["config.yml", "config.yaml", "backlog.config.yml"]);
const BACKLOG_TASK_FOLDERS = new Set(["tasks", "completed", "drafts", "archive"]);

function isBacklogFile(path: string): boolean {
  const inner = path.replace(/^\.?backlog\//, "");
  if (BACKLOG_CONFIGS.has(inner)) return true;
  if (!inner.toLowerCase().endsWith(".md")) return false;
  const slash = inner.indexOf("/");
  return slash < 0 || BACKLOG_TASK_FOLDERS.has(inner.slice(0, slash));
}

export function isReadByFormat(format: ImportFormat, path: string): boolean {
  return READS[format]?.(path) ?? true;
}
