import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert } from "../../../components/error-alert";
import { useTRPC } from "../../../lib/trpc";
import { stripAnsi } from "./ansi";
import styles from "./log.module.css";

/** Chunks per request, and characters per shown page (a chunk may hold up to 64 KiB). */
const PAGE = 200;
const PAGE_CHARS = 200_000;

/** The chunks of one page: within the budget (at least one), up to the live view's first line. */
function pageOf<T extends { seq: number; text: string }>(chunks: readonly T[], untilSeq: number) {
  const shown: T[] = [];
  let size = 0;
  for (const chunk of chunks) {
    if (chunk.seq > untilSeq || (shown.length > 0 && size + chunk.text.length > PAGE_CHARS)) break;
    shown.push(chunk);
    size += chunk.text.length;
  }
  const lastSeq = shown.at(-1)?.seq;
  const following = chunks[shown.length];
  // Short of PAGE chunks is not the end: the server ends an answer early at its size cap, and
  // untilSeq is a stored chunk, so anything before it is there to read.
  const hasNext = lastSeq !== undefined && lastSeq < untilSeq && (!following || following.seq <= untilSeq);
  return { shown, lastSeq, hasNext };
}

interface EarlierLogProps {
  sessionId: string;
  /** The seq of the oldest line still in the live view: pages stop there. */
  untilSeq: number;
}

/**
 * Output the live view no longer keeps, read from the server page by page (`session.log`), as
 * plain text. Collapsible "Earlier output", buttons "Previous page", "Next page".
 */
export function EarlierLog({ sessionId, untilSeq }: EarlierLogProps) {
  const trpc = useTRPC();
  const [isOpen, setIsOpen] = useState(false);
  const [starts, setStarts] = useState<number[]>([0]);
  const afterSeq = starts.at(-1) ?? 0;
  const page = useQuery({
    ...trpc.session.log.queryOptions({ id: sessionId, afterSeq, limit: PAGE }),
    enabled: isOpen,
  });
  const { shown: chunks, lastSeq, hasNext } = pageOf(page.data ?? [], untilSeq);
  return (
    <details className="disclosure" onToggle={(event) => setIsOpen(event.currentTarget.open)}>
      <summary>Earlier output</summary>
      <ErrorAlert error={page.error} />
      <pre className={styles.earlierText} tabIndex={0} aria-label="Earlier output page">
        {page.isPending && isOpen ? "Loading…" : chunks.map((chunk) => stripAnsi(chunk.text)).join("")}
      </pre>
      <div className="form-actions">
        <button
          type="button"
          className="button button--small"
          disabled={starts.length <= 1}
          onClick={() => setStarts((s) => s.slice(0, -1))}
        >
          Previous page
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={!hasNext}
          onClick={() => lastSeq !== undefined && setStarts((s) => [...s, lastSeq])}
        >
          Next page
        </button>
      </div>
    </details>
  );
}
