import { useRef, useState } from "react";
import styles from "./criteria-editor.module.css";

interface CriteriaEditorProps {
  value: readonly string[];
  onChange: (criteria: string[]) => void;
}

/**
 * Acceptance criteria as a list of inputs ("Acceptance criterion 1", …) with "Remove criterion N"
 * buttons and an "Add criterion" button.
 */
export function CriteriaEditor({ value, onChange }: CriteriaEditorProps) {
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const setItem = (at: number, text: string) => onChange(value.map((item, i) => (i === at ? text : item)));
  return (
    <fieldset>
      <legend>Acceptance criteria</legend>
      {value.length === 0 ? <p className="muted">None yet.</p> : null}
      <ol className="list-stack">
        {value.map((item, i) => (
          <li key={i} className={styles.item}>
            <input
              aria-label={`Acceptance criterion ${i + 1}`}
              value={item}
              autoFocus={i === focusIndex}
              onChange={(e) => setItem(i, e.target.value)}
            />
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove criterion ${i + 1}`}
              onClick={() => {
                onChange(value.filter((_, other) => other !== i));
                addRef.current?.focus();
              }}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <button
        ref={addRef}
        type="button"
        className={`button button--small ${styles.add}`}
        onClick={() => {
          setFocusIndex(value.length);
          onChange([...value, ""]);
        }}
      >
        Add criterion
      </button>
    </fieldset>
  );
}
