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
  "agent-maestro": (path) => /^(?:data\/)?(?:projects|tasks)\//.test(path) && path.endsWith(".json"),
};

export function isReadByFormat(format: ImportFormat, path: string): boolean {
  return READS[format]?.(path) ?? true;
}
