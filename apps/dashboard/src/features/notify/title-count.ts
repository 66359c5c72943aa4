/** What the page last asked for (`bare`) and what was written in its place (`written`). */
export interface CountedTitle {
  bare: string;
  written: string;
}

/**
 * "(3) Projects · Maestro": the count of what waits, before whatever the page calls itself. Only
 * a prefix this code wrote is ever taken off, so a page's own "(2024) Rewrite · Maestro" stays.
 */
export function countedTitle(text: string, count: number, last: CountedTitle | undefined): CountedTitle {
  const bare = last && text === last.written ? last.bare : text;
  return { bare, written: count > 0 ? `(${count}) ${bare}` : bare };
}

const written = new WeakMap<HTMLTitleElement, CountedTitle>();

/**
 * Keeps the count in front of the document's title while pages change it (each page renders its
 * own <title>, which React replaces on navigation). Returns the undo.
 */
export function keepTitleCount(count: number): () => void {
  const apply = () => {
    for (const element of document.head.querySelectorAll("title")) {
      const next = countedTitle(element.text, count, written.get(element));
      written.set(element, next);
      // Only a real change is written, so the observer's own write ends the loop.
      if (element.text !== next.written) element.text = next.written;
    }
  };
  const observer = new MutationObserver(apply);
  observer.observe(document.head, { childList: true, subtree: true, characterData: true });
  apply();
  return () => {
    observer.disconnect();
    for (const element of document.head.querySelectorAll("title")) {
      const last = written.get(element);
      written.delete(element);
      if (last && element.text === last.written) element.text = last.bare;
    }
  };
}
