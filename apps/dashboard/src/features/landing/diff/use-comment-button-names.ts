import { type RefObject, useEffect } from "react";

/**
 * The diff library's "+" buttons have no name and no line on them: name each "Comment on line N
 * of <file>" (or "removed line N") and note its line and side, whenever rows are (re)drawn.
 */
export function useCommentButtonNames(containerRef: RefObject<HTMLElement | null>, file: string): void {
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const nameAll = () => {
      for (const button of container.querySelectorAll<HTMLButtonElement>(".diff-add-widget")) nameButton(button, file);
    };
    nameAll();
    const observer = new MutationObserver(nameAll);
    observer.observe(container, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [containerRef, file]);
}

function nameButton(button: HTMLButtonElement, file: string): void {
  const wrapper = button.closest<HTMLElement>("[data-add-widget]");
  const cell = button.closest("td");
  if (!wrapper || !cell) return;
  const side = wrapper.dataset.addWidget === "old" ? "old" : "new";
  // Unified rows number both sides in one cell; split rows have one number per side.
  const number = cell.querySelector<HTMLElement>(`[data-line-${side}-num]`) ?? cell.querySelector("[data-line-num]");
  const line = number?.textContent?.trim() ?? "";
  if (!/^\d+$/.test(line) || button.dataset.commentLine === line) return;
  button.dataset.commentLine = line;
  button.dataset.commentSide = side;
  button.setAttribute("aria-label", `Comment on ${side === "old" ? "removed line" : "line"} ${line} of ${file}`);
  button.type = "button";
}

export function focusCommentButton(container: HTMLElement | null, line: number, side: "old" | "new"): void {
  container?.querySelector<HTMLElement>(`[data-comment-line="${line}"][data-comment-side="${side}"]`)?.focus();
}
