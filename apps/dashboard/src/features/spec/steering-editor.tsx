import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Loading } from "../../components/empty-state";
import { ErrorAlert } from "../../components/error-alert";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { useCan } from "../auth/use-me";
import { ConflictAlert, EditorToolbar, MarkdownEditor } from "./markdown-editor";
import { MarkdownPreview } from "./markdown-preview";
import styles from "./steering-editor.module.css";
import { useWriteSteering } from "./use-spec-mutations";

interface SteeringEditorProps {
  projectId: string;
  name: string;
  isNew: boolean;
}

/**
 * Region "<name>": textbox "<name>", region "Preview", button "Save". Save sends the text the
 * edit started from; if the file changed since (on disk, another tab), the server refuses it and
 * the alert offers "Load the file" or "Overwrite it" — nothing is lost silently.
 */
export function SteeringEditor({ projectId, name, isNew }: SteeringEditorProps) {
  const trpc = useTRPC();
  const read = useQuery({ ...trpc.steering.read.queryOptions({ projectId, name }), enabled: !isNew });
  const canWrite = useCan("steering.write");
  if (!isNew && read.isPending) return <Loading label={`Loading ${name}…`} />;
  if (!isNew && read.isError && describeError(read.error).domainCode !== "NOT_FOUND") {
    return <ErrorAlert error={read.error} />;
  }
  if (!canWrite) return <MarkdownPreview text={read.data?.text ?? ""} label={name} />;
  // The form keeps its own text from here on: a refetch must not replace what is being typed.
  return (
    <SteeringForm
      projectId={projectId}
      name={name}
      loaded={read.data?.text ?? ""}
      isNew={isNew || read.data === undefined}
    />
  );
}

function SteeringForm({
  projectId,
  name,
  loaded,
  isNew,
}: {
  projectId: string;
  name: string;
  loaded: string;
  isNew: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const write = useWriteSteering();
  const [text, setText] = useState(loaded);
  const [base, setBase] = useState<string | null>(isNew ? null : loaded);
  const [changedOnDisk, setChangedOnDisk] = useState<string | null>(null);
  const isDirty = text !== (base ?? "");

  /** `overwrite` drops the check (the user chose to replace what changed). */
  const writeText = (overwrite: boolean) =>
    write.mutate(
      { projectId, name, text, ...(overwrite ? {} : { baseText: base }) },
      {
        onSuccess: (doc) => {
          setBase(doc.text);
          setChangedOnDisk(null);
        },
        onError: (error) => {
          if (describeError(error).domainCode !== "VERSION_CONFLICT") return;
          write.reset();
          void queryClient.fetchQuery({ ...trpc.steering.read.queryOptions({ projectId, name }), staleTime: 0 }).then(
            (doc) => setChangedOnDisk(doc.text),
            () => setChangedOnDisk(""),
          );
        },
      },
    );

  return (
    <section className={styles.editor} aria-label={name}>
      <EditorToolbar isDirty={isDirty} isSaving={write.isPending} onSave={() => writeText(false)} />
      {changedOnDisk !== null ? (
        <ConflictAlert message={`${name} was changed on disk since you opened it. Your text is not saved yet.`}>
          <button
            type="button"
            className="button"
            onClick={() => {
              setText(changedOnDisk);
              setBase(changedOnDisk);
              setChangedOnDisk(null);
            }}
          >
            Load the file
          </button>
          <button type="button" className="button" onClick={() => writeText(true)}>
            Overwrite it
          </button>
        </ConflictAlert>
      ) : null}
      <ErrorAlert error={write.error} />
      <MarkdownEditor label={name} text={text} onChange={setText} rows={18} />
    </section>
  );
}
