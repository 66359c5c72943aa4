import styles from "./load-more.module.css";

interface LoadMoreProps {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
  /** What the list holds, plural: the button reads "Load more <what>". */
  what: string;
}

/** Button "Load more <what>" under a list that loads a page at a time; gone after the last page. */
export function LoadMore({ query, what }: LoadMoreProps) {
  if (!query.hasNextPage) return null;
  return (
    <div className={styles.more}>
      <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
        {query.isFetchingNextPage ? `Loading more ${what}…` : `Load more ${what}`}
      </button>
    </div>
  );
}
