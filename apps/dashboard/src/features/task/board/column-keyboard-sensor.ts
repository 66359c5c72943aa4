import type { Activators, ClientRect, SensorInstance, SensorProps, Translate, UniqueIdentifier } from "@dnd-kit/core";
import type { KeyboardEvent as ReactKeyboardEvent } from "react";

const START_KEYS = ["Space", "Enter"];

/**
 * Keyboard dragging between board columns: Space/Enter lifts the card, Left/Right jump it to
 * the neighbouring column, Space/Enter drops it, Escape cancels.
 *
 * dnd-kit's own KeyboardSensor starts listening one timer tick after the lifting key, so an
 * arrow key pressed right away (fast typists, end-to-end tests) is lost. This one listens at
 * once and queues keys: each is handled only once the columns are measured and the previous
 * move has rendered, so a burst of keys lands exactly where the same keys pressed slowly would.
 */
export class ColumnKeyboardSensor implements SensorInstance {
  autoScrollEnabled = false;
  private offset: Translate = { x: 0, y: 0 };
  private readonly queue: KeyboardEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private isFinished = false;
  /** The column the last move aimed at, until dnd-kit reports the card over it. */
  private pendingOver: { id: UniqueIdentifier; since: number } | undefined;
  private readonly initialRect: ClientRect | null;

  constructor(private readonly props: SensorProps<object>) {
    const node = props.activeNode.node.current;
    this.initialRect = node ? node.getBoundingClientRect() : null;
    node?.scrollIntoView({ block: "nearest", inline: "nearest" });
    document.addEventListener("keydown", this.handleKeyDown);
    window.addEventListener("resize", this.handleCancel);
    props.onStart({ x: 0, y: 0 });
  }

  static activators: Activators<object> = [
    {
      eventName: "onKeyDown",
      handler: (event: ReactKeyboardEvent, _options, { active }) => {
        if (!START_KEYS.includes(event.nativeEvent.code)) return false;
        if (active.activatorNode.current && event.target !== active.activatorNode.current) return false;
        event.preventDefault();
        return true;
      },
    },
  ];

  private readonly handleKeyDown = (event: KeyboardEvent) => {
    if (event === this.props.event) return;
    if (START_KEYS.includes(event.code) || event.code === "Escape" || event.code.startsWith("Arrow")) {
      event.preventDefault();
    }
    this.queue.push(event);
    this.drain();
  };

  /** Handles queued keys in order; waits for measured columns, and for a move to render. */
  private readonly drain = () => {
    if (this.timer !== undefined || this.isFinished) return;
    const event = this.queue[0];
    if (!event) return;
    if (!this.isSettled()) return this.later();
    this.queue.shift();
    this.handle(event);
    if (this.queue.length > 0) this.later(0);
  };

  /** Columns are measured and the last move has landed (or is given up on after a second). */
  private isSettled(): boolean {
    const context = this.props.context.current;
    if (context.droppableRects.size === 0) return false;
    if (!this.pendingOver) return true;
    if (context.over?.id === this.pendingOver.id || Date.now() - this.pendingOver.since > 1_000) {
      this.pendingOver = undefined;
      return true;
    }
    return false;
  }

  private later(ms = 16): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, ms);
  }

  private handle(event: KeyboardEvent): void {
    if (START_KEYS.includes(event.code)) return this.finish(event, this.props.onEnd);
    if (event.code === "Escape") return this.finish(event, this.props.onCancel);
    const direction = event.code === "ArrowRight" ? 1 : event.code === "ArrowLeft" ? -1 : 0;
    if (direction === 0) return;
    const target = this.neighbourColumn(direction);
    if (!target || !this.initialRect) return;
    const initialCentre = this.initialRect.left + this.initialRect.width / 2;
    this.offset = { x: target.rect.left + target.rect.width / 2 - initialCentre, y: 0 };
    this.pendingOver = { id: target.id, since: Date.now() };
    this.props.onMove(this.offset);
  }

  private readonly handleCancel = () => this.finish(null, this.props.onCancel);

  /** The nearest droppable whose centre lies in `direction` from the card's current centre. */
  private neighbourColumn(direction: 1 | -1): { id: UniqueIdentifier; rect: ClientRect } | undefined {
    if (!this.initialRect) return undefined;
    const centre = this.initialRect.left + this.initialRect.width / 2 + this.offset.x;
    return [...this.props.context.current.droppableRects.entries()]
      .map(([id, rect]) => ({ id, rect, distance: (rect.left + rect.width / 2 - centre) * direction }))
      .filter(({ distance }) => distance > 1)
      .sort((a, b) => a.distance - b.distance)[0];
  }

  private finish(event: KeyboardEvent | null, done: () => void): void {
    event?.preventDefault();
    this.isFinished = true;
    clearTimeout(this.timer);
    document.removeEventListener("keydown", this.handleKeyDown);
    window.removeEventListener("resize", this.handleCancel);
    done();
  }
}
