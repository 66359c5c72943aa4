/** Most values one `IN (…)` list binds, well under SQLite's bound-parameter limit. */
const CHUNK_SIZE = 500;

/** Reads rows for `values` a chunk at a time and returns them all, in chunk order. */
export function inChunks<T>(values: readonly string[], read: (chunk: string[]) => T[]): T[] {
  const rows: T[] = [];
  for (let i = 0; i < values.length; i += CHUNK_SIZE) {
    for (const row of read(values.slice(i, i + CHUNK_SIZE))) rows.push(row);
  }
  return rows;
}
