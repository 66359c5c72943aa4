export const ZOOM_LEVELS = [0.4, 0.55, 0.75, 1] as const;

interface GraphZoomProps {
  zoom: number;
  onZoom: (zoom: number) => void;
}

/** Large graphs (50–200 tasks) are read zoomed out; scrolling pans at every level. */
export function GraphZoom({ zoom, onZoom }: GraphZoomProps) {
  const at = ZOOM_LEVELS.findIndex((level) => level === zoom);
  const smaller = ZOOM_LEVELS[at - 1];
  const larger = ZOOM_LEVELS[at + 1];
  return (
    <div className="graph-zoom" role="group" aria-label="Zoom">
      <button
        type="button"
        className="button button--small"
        aria-label="Zoom out"
        disabled={smaller === undefined}
        onClick={() => smaller !== undefined && onZoom(smaller)}
      >
        −
      </button>
      <span className="graph-zoom-level" aria-live="polite">
        {Math.round(zoom * 100)}%
      </span>
      <button
        type="button"
        className="button button--small"
        aria-label="Zoom in"
        disabled={larger === undefined}
        onClick={() => larger !== undefined && onZoom(larger)}
      >
        +
      </button>
    </div>
  );
}
