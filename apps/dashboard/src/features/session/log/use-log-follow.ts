import { type KeyboardEvent, type RefObject, type WheelEvent, useLayoutEffect, useRef, useState } from "react";

const UP_KEYS = new Set(["ArrowUp", "PageUp", "Home"]);

interface FollowOptions {
  scrollRef: RefObject<HTMLElement | null>;
  rowCount: number;
  /** Lines dropped from the front so far: an unfollowed view shifts back by as many rows. */
  dropped: number;
  rowHeight: number;
}

/**
 * Follow mode keeps the newest line in view. Any move up by the user (wheel, keys, dragging
 * the scrollbar) leaves it, also while output keeps arriving; "Follow log" turns it back on.
 */
export function useLogFollow({ scrollRef, rowCount, dropped, rowHeight }: FollowOptions) {
  const [isFollowing, setIsFollowing] = useState(true);
  const seenDropped = useRef(dropped);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    const shift = dropped - seenDropped.current;
    seenDropped.current = dropped;
    if (!element) return;
    if (isFollowing) element.scrollTop = element.scrollHeight;
    else if (shift > 0) element.scrollTop = Math.max(0, element.scrollTop - shift * rowHeight);
  }, [scrollRef, rowCount, dropped, isFollowing, rowHeight]);

  const unfollow = () => setIsFollowing(false);
  return {
    isFollowing,
    setIsFollowing,
    handlers: {
      onScroll: () => {
        const element = scrollRef.current;
        if (!element || !isFollowing) return;
        const distance = element.scrollHeight - element.scrollTop - element.clientHeight;
        if (distance > rowHeight * 2) unfollow();
      },
      onWheel: (event: WheelEvent) => {
        if (event.deltaY < 0) unfollow();
      },
      onKeyDown: (event: KeyboardEvent) => {
        if (UP_KEYS.has(event.key)) unfollow();
      },
    },
  };
}
