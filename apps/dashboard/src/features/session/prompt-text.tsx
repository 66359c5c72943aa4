import styles from "./prompt-text.module.css";

/** A prompt as the agent gets it, in a scrollable box that keyboard users can focus and scroll. */
export function PromptText({ text, label }: { text: string; label: string }) {
  return (
    <pre className={styles.text} tabIndex={0} aria-label={label}>
      {text}
    </pre>
  );
}
