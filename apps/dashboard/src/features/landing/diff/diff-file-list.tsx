import type { DiffFile } from "@maestro/domain";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type RefObject, useRef, useState } from "react";
import type { DraftComment, LineSide } from "../review/review-draft";
import styles from "./diff.module.css";
import { DiffFileRow } from "./diff-file-row";
import { initiallyOpen } from "./diff-labels";
import type { DiffMode } from "./file-diff";

const HEADER_HEIGHT = 36;
const OPEN_ESTIMATE = 320;

interface DiffFileListProps {
  files: readonly DiffFile[];
  sections: ReadonlyMap<string, string>;
  mode: DiffMode;
  comments: readonly DraftComment[];
  onAddComment: (comment: { file: string; line: number; side: LineSide; text: string }) => void;
  onRemoveComment: (id: number) => void;
}

/**
 * List "Changed files": only the rows in view are drawn (a 1,000-file diff stays quick), each
 * a header that opens its diff on demand; rows measure themselves once open.
 */
export function DiffFileList({ files, sections, ...diff }: DiffFileListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { open, toggle } = useOpenFiles(files);
  const virtualizer = useFileVirtualizer(files, open, scrollRef);
  return (
    <div ref={scrollRef} className={styles.scroll}>
      <div
        role="list"
        aria-label="Changed files"
        className={styles.rows}
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const file = files[item.index]!;
          return (
            <div
              key={item.key}
              role="listitem"
              data-index={item.index}
              ref={virtualizer.measureElement}
              className={styles.row}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <DiffFileRow
                file={file}
                section={sections.get(file.path)}
                isOpen={open.has(file.path)}
                onToggle={() => toggle(file.path)}
                {...diff}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** Which files show their diff: at first every text file of a small diff (none of a large one). */
function useOpenFiles(files: readonly DiffFile[]) {
  const [open, setOpen] = useState(() => initiallyOpen(files));
  const toggle = (path: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(path)) next.add(path);
      return next;
    });
  return { open, toggle };
}

function useFileVirtualizer(
  files: readonly DiffFile[],
  open: ReadonlySet<string>,
  scrollRef: RefObject<HTMLDivElement | null>,
) {
  // eslint-disable-next-line react-hooks/incompatible-library -- the dashboard is not built with the React Compiler
  return useVirtualizer({
    count: files.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (open.has(files[index]!.path) ? OPEN_ESTIMATE : HEADER_HEIGHT),
    getItemKey: (index) => files[index]!.path,
    overscan: 6,
  });
}
