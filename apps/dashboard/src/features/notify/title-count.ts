const COUNT_PREFIX = /^\(\d+\) /;

/** "(3) Projects · Maestro": the count of what waits, before whatever the page calls itself. */
export function withCount(title: string, count: number): string {
  const bare = title.replace(COUNT_PREFIX, "");
  return count > 0 ? `(${count}) ${bare}` : bare;
}

/**
 * Keeps the count in front of the document's title while pages change it (each page renders its
 * own <title>, which React replaces on navigation). Returns the undo.
 */
export function keepTitleCount(count: number): () => void {
  const apply = () => {
    for (const element of document.head.querySelectorAll("title")) {
      const next = withCount(element.text, count);
      // Only a real change is written, so the observer's own write ends the loop.
      if (element.text !== next) element.text = next;
    }
  };
  const observer = new MutationObserver(apply);
  observer.observe(document.head, { childList: true, subtree: true, characterData: true });
  apply();
  return () => {
    observer.disconnect();
    for (const element of document.head.querySelectorAll("title")) element.text = withCount(element.text, 0);
  };
}
