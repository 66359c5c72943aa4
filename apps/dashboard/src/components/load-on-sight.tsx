import { useEffect, useRef } from "react";
import { LoadMore } from "./load-more";
import styles from "./load-more.module.css";

interface LoadOnSightProps {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; isError?: boolean; fetchNextPage: () => Promise<unknown> };
  what: string;
}

/**
 * The "Load more <what>" button, pressed by itself when it scrolls into sight (so scrolling a
 * long list keeps loading); the button stays for keyboards and for a failed page.
 */
export function LoadOnSight({ query, what }: LoadOnSightProps) {
  const ref = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, isError, fetchNextPage } = query;
  useEffect(() => {
    const element = ref.current;
    if (!element || !hasNextPage || isFetchingNextPage || isError) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) void fetchNextPage();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, isError, fetchNextPage]);
  return (
    <div ref={ref} className={styles.sight}>
      <LoadMore query={query} what={what} />
    </div>
  );
}
