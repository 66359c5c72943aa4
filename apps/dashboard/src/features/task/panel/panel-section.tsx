import type { ReactNode } from "react";
import { cx } from "../../../lib/cx";
import styles from "./panel-section.module.css";

interface PanelSectionProps {
  /** The heading, which also names the region ("Activity", "Sessions"). */
  title: string;
  /** The query behind the list: "Loading…" while pending, `emptyText` when it found nothing. */
  query: { isPending: boolean; isSuccess: boolean; data?: readonly unknown[] };
  emptyText: string;
  /** The list's own look (type size, how an item lays out). */
  listClassName?: string;
  /** The list items. */
  children: ReactNode;
}

/** A region of the task panel listing something about the task, newest first. */
export function PanelSection({ title, query, emptyText, listClassName, children }: PanelSectionProps) {
  return (
    <section aria-label={title}>
      <h3 className={styles.title}>{title}</h3>
      {query.isPending ? <p className="muted">Loading…</p> : null}
      {query.isSuccess && query.data?.length === 0 ? <p className="muted">{emptyText}</p> : null}
      <ol className={cx("list-stack", styles.list, listClassName)}>{children}</ol>
    </section>
  );
}
