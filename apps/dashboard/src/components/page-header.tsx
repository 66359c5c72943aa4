import type { ReactNode } from "react";

interface PageHeaderProps {
  title: string;
  /** A line under the heading saying what the page is for. */
  intro?: string;
  /** The page's actions, at the other end ("New agent"). */
  children?: ReactNode;
}

/** The heading row of a top-level page. */
export function PageHeader({ title, intro, children }: PageHeaderProps) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {intro ? <p className="muted page-intro">{intro}</p> : null}
      </div>
      {children}
    </div>
  );
}
