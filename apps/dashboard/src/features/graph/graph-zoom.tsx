import styles from "./graph-zoom.module.css";

export const ZOOM_LEVELS = [0.4, 0.55, 0.75, 1] as const;

interface GraphZoomProps {
  zoom: number;
  onZoom: (zoom: number) => void;
}

/** Large graphs (50–200 tasks) are read zoomed out; scrolling pans at every level. */
export function GraphZoom({ zoom, onZoom }: GraphZoomProps) {
  const at = ZOOM_LEVELS.findIndex((level) => level === zoom);
  return (
    <div className={styles.zoom} role="group" aria-label="Zoom">
      <ZoomButton label="Zoom out" sign="−" to={ZOOM_LEVELS[at - 1]} onZoom={onZoom} />
      <span className={styles.level} aria-live="polite">
        {Math.round(zoom * 100)}%
      </span>
      <ZoomButton label="Zoom in" sign="+" to={ZOOM_LEVELS[at + 1]} onZoom={onZoom} />
    </div>
  );
}

/** A step to the next level; disabled at either end. */
function ZoomButton({
  label,
  sign,
  to,
  onZoom,
}: {
  label: string;
  sign: string;
  to: number | undefined;
  onZoom: (zoom: number) => void;
}) {
  return (
    <button
      type="button"
      className="button button--small"
      aria-label={label}
      disabled={to === undefined}
      onClick={() => to !== undefined && onZoom(to)}
    >
      {sign}
    </button>
  );
}
