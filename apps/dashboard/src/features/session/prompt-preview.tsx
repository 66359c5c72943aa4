import { useQuery } from "@tanstack/react-query";
import { ErrorAlert } from "../../components/error-alert";
import { useTRPC } from "../../lib/trpc";
import styles from "./prompt-preview.module.css";
import { PromptText } from "./prompt-text";

const SHOWN_ARG = 120;

interface PromptPreviewProps {
  taskId: string;
  agent: string;
  worktree: boolean;
  /** Set while the start error already says the same thing. */
  isErrorHidden?: boolean;
}

function shorten(arg: string): string {
  return arg.length > SHOWN_ARG ? `${arg.slice(0, SHOWN_ARG)}… (${arg.length} characters)` : arg;
}

/**
 * What "Start session" would launch (`session.preview`): the argv and the prompt, collapsible
 * "Prompt preview". A launch that would fail (no such executable, no agent…) shows its error.
 */
export function PromptPreview({ taskId, agent, worktree, isErrorHidden = false }: PromptPreviewProps) {
  const trpc = useTRPC();
  const preview = useQuery({
    ...trpc.session.preview.queryOptions({ taskIds: [taskId], ...(agent ? { agent } : {}), worktree }),
    staleTime: 0,
    retry: false,
  });
  if (preview.isError) return isErrorHidden ? null : <ErrorAlert error={preview.error} />;
  return (
    <details className="disclosure">
      <summary>Prompt preview</summary>
      {preview.isPending ? (
        <p className="muted">Loading the preview…</p>
      ) : (
        <>
          <h3 className={styles.heading}>Command</h3>
          <ol className={styles.argv} aria-label="Command line">
            {preview.data.argv.map((arg, index) => (
              <li key={index}>
                <code>{shorten(arg)}</code>
              </li>
            ))}
          </ol>
          <h3 className={styles.heading}>Prompt</h3>
          <PromptText text={preview.data.prompt} label="Prompt" />
        </>
      )}
    </details>
  );
}
