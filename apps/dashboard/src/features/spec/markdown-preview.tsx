import Markdown from "react-markdown";
import remarkGfm from "remark-gfm";
import styles from "./markdown-preview.module.css";

/**
 * Markdown as the reader will see it (GitHub flavour: tables, task lists). react-markdown builds
 * React elements and renders no raw HTML, so a document cannot inject markup into the page.
 */
export function MarkdownPreview({ text, label }: { text: string; label: string }) {
  return (
    <section className={styles.preview} aria-label={label}>
      {text.trim() === "" ? (
        <p className="muted">Nothing to preview yet.</p>
      ) : (
        <Markdown remarkPlugins={[remarkGfm]}>{text}</Markdown>
      )}
    </section>
  );
}
