import type { LogStream } from "@maestro/domain";

export interface OutputChunk {
  stream: LogStream;
  text: string;
}

/** Where one session's log stands against the cap. */
export interface SessionLogBudget {
  storedBytes: number;
  droppedBytes: number;
  /** The seq of the line saying the log was truncated, once it is. */
  markerSeq: number | null;
}

export interface LogAdmission {
  /** What of the batch is stored (whole chunks, in order, while they fit). */
  keep: OutputChunk[];
  /** The truncation line to store after them, the first time the cap is passed. */
  marker: OutputChunk | null;
  /** The truncation line's new text (its dropped count), when output is dropped after it. */
  rewrite: string | null;
  next: SessionLogBudget;
}

/** Starts every line Maestro writes about truncation: how a restarted server finds it again. */
export const TRUNCATION_PREFIX = "[maestro] log truncated";

/** Budgets remembered at once; a forgotten one is read back from the database. */
const REMEMBERED_SESSIONS = 4_096;

/**
 * Each session's output is stored up to `maxBytes` (UTF-8); past it, one `system` line says the
 * log was truncated and counts what was dropped, and nothing more is stored or broadcast.
 */
export class LogBudget {
  readonly #sessions = new Map<string, SessionLogBudget>();

  constructor(readonly maxBytes: number) {}

  /** Decides what of a batch to keep; `load` reads the session's budget the first time. */
  admit(sessionId: string, chunks: readonly OutputChunk[], load: () => SessionLogBudget): LogAdmission {
    const budget = this.#sessions.get(sessionId) ?? load();
    const keep: OutputChunk[] = [];
    let { storedBytes, droppedBytes } = budget;
    for (const chunk of chunks) {
      const size = Buffer.byteLength(chunk.text, "utf8");
      const fits = budget.markerSeq === null && droppedBytes === 0 && storedBytes + size <= this.maxBytes;
      if (fits) {
        keep.push(chunk);
        storedBytes += size;
      } else {
        droppedBytes += size;
      }
    }
    const isNewlyTruncated = droppedBytes > 0 && budget.droppedBytes === 0 && budget.markerSeq === null;
    const text = truncationLine(this.maxBytes, droppedBytes);
    return {
      keep,
      marker: isNewlyTruncated ? { stream: "system", text } : null,
      rewrite: !isNewlyTruncated && droppedBytes > budget.droppedBytes ? text : null,
      next: { storedBytes, droppedBytes, markerSeq: budget.markerSeq },
    };
  }

  /** After the batch committed: remembers the session's budget (most recent last). */
  settle(sessionId: string, budget: SessionLogBudget): void {
    this.#sessions.delete(sessionId);
    this.#sessions.set(sessionId, budget);
    if (this.#sessions.size > REMEMBERED_SESSIONS) {
      this.#sessions.delete(this.#sessions.keys().next().value!);
    }
  }
}

function truncationLine(maxBytes: number, droppedBytes: number): string {
  const cap = `${Math.round((maxBytes / (1024 * 1024)) * 100) / 100} MiB`;
  return `${TRUNCATION_PREFIX}: output past the ${cap} cap per session (MAESTRO_SESSION_LOG_MAX_MB) is not kept; ${droppedBytes} bytes dropped so far\n`;
}
