import type { Activators, ClientRect, SensorInstance, SensorProps, Translate } from "@dnd-kit/core";
import type { KeyboardEvent as ReactKeyboardEvent } from "react";

const START_KEYS = ["Space", "Enter"];

/**
 * Keyboard dragging between board columns: Space/Enter lifts the card, Left/Right jump it to
 * the neighbouring column, Space/Enter drops it, Escape cancels.
 *
 * dnd-kit's own KeyboardSensor starts listening one timer tick after the lifting key, so an
 * arrow key pressed right away (fast typists, end-to-end tests) is lost. This one listens at
 * once and skips only the very event that lifted the card.
 */
export class ColumnKeyboardSensor implements SensorInstance {
  autoScrollEnabled = false;
  private offset: Translate = { x: 0, y: 0 };
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
    if (START_KEYS.includes(event.code)) return this.finish(event, this.props.onEnd);
    if (event.code === "Escape") return this.finish(event, this.props.onCancel);
    const direction = event.code === "ArrowRight" ? 1 : event.code === "ArrowLeft" ? -1 : 0;
    if (direction === 0) return;
    event.preventDefault();
    const target = this.neighbourColumn(direction);
    if (!target || !this.initialRect) return;
    const initialCentre = this.initialRect.left + this.initialRect.width / 2;
    this.offset = { x: target.left + target.width / 2 - initialCentre, y: 0 };
    this.props.onMove(this.offset);
  };

  private readonly handleCancel = () => this.finish(null, this.props.onCancel);

  /** The nearest droppable whose centre lies in `direction` from the card's current centre. */
  private neighbourColumn(direction: 1 | -1): ClientRect | undefined {
    if (!this.initialRect) return undefined;
    const centre = this.initialRect.left + this.initialRect.width / 2 + this.offset.x;
    return [...this.props.context.current.droppableRects.values()]
      .map((rect) => ({ rect, distance: (rect.left + rect.width / 2 - centre) * direction }))
      .filter(({ distance }) => distance > 1)
      .sort((a, b) => a.distance - b.distance)[0]?.rect;
  }

  private finish(event: KeyboardEvent | null, done: () => void): void {
    event?.preventDefault();
    document.removeEventListener("keydown", this.handleKeyDown);
    window.removeEventListener("resize", this.handleCancel);
    done();
  }
}
