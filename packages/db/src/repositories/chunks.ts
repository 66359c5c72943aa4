/** Most values one `IN (…)` list binds, well under SQLite's bound-parameter limit (and PostgreSQL's 65,535). */
const CHUNK_SIZE = 500;

/**
 * Reads rows for `values` a chunk at a time on either engine (`read` awaits a query), one chunk
 * after another (a transaction runs one statement at a time), and returns them all in chunk order.
 */
export async function readInChunks<T>(
  values: readonly string[],
  read: (chunk: string[]) => PromiseLike<T[]>,
): Promise<T[]> {
  const rows: T[] = [];
  for (let i = 0; i < values.length; i += CHUNK_SIZE) {
    for (const row of await read(values.slice(i, i + CHUNK_SIZE))) rows.push(row);
  }
  return rows;
}
