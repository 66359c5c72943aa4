import type { ReactNode } from "react";
import styles from "./panel-section.module.css";

interface PanelSectionProps {
  /** The heading, which also names the region ("Activity", "Sessions"). */
  title: string;
  isPending: boolean;
  /** Said when loaded and empty ("No activity yet."); null while there is something to list. */
  emptyText: string | null;
  /** The list. */
  children: ReactNode;
}

/** A region of the task panel listing something about the task, newest first. */
export function PanelSection({ title, isPending, emptyText, children }: PanelSectionProps) {
  return (
    <section aria-label={title}>
      <h3 className={styles.title}>{title}</h3>
      {isPending ? <p className="muted">Loading…</p> : null}
      {emptyText !== null ? <p className="muted">{emptyText}</p> : null}
      {children}
    </section>
  );
}
