import { useEffect, useRef } from "react";
import { LoadMore } from "./load-more";
import styles from "./load-more.module.css";

interface LoadOnSightProps {
  query: {
    hasNextPage: boolean;
    isFetchingNextPage: boolean;
    isError?: boolean;
    fetchNextPage: () => Promise<unknown>;
  };
  what: string;
}

/**
 * The "Load more <what>" button, pressed by itself when scrolling brings it into sight; the
 * button stays for keyboards and for a failed page. Only coming into sight loads: a button still
 * in sight after a page arrived waits for the next scroll, so pages never load one after another
 * by themselves.
 */
export function LoadOnSight({ query, what }: LoadOnSightProps) {
  const ref = useRef<HTMLDivElement>(null);
  const latest = useRef(query);
  useEffect(() => {
    latest.current = query;
  });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    // The first report comes on observing, not from a scroll.
    let wasInSight = true;
    const observer = new IntersectionObserver((entries) => {
      const isInSight = entries.some((entry) => entry.isIntersecting);
      const { hasNextPage, isFetchingNextPage, isError, fetchNextPage } = latest.current;
      if (isInSight && !wasInSight && hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage();
      wasInSight = isInSight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className={styles.sight}>
      <LoadMore query={query} what={what} />
    </div>
  );
}
