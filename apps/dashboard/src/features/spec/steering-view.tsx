/*
 * Steering documents of a project (`/projects/:key/steering`): `<rootDir>/.maestro/steering/*.md`,
 * put into every agent's prompt. Accessible names: region "Steering"; list "Steering documents"
 * with one link per file; textbox "New document name" + button "Add document"; the editor
 * (steering-editor.tsx). A viewer gets neither: the document shows as read.
 */
import { STEERING_NAME_PATTERN } from "@maestro/domain";
import { type FormEvent, useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { Loading } from "../../components/empty-state";
import { ErrorAlert } from "../../components/error-alert";
import { useCan } from "../auth/use-me";
import { useProjectContext } from "../project/project-context";
import view from "./spec-view.module.css";
import { SteeringEditor } from "./steering-editor";
import { useAllSteering } from "./use-specs";
import styles from "./steering-view.module.css";

const SUGGESTED = ["product.md", "tech.md", "structure.md"];

export function SteeringView() {
  const { project } = useProjectContext();
  const docs = useAllSteering(project.id);
  const [searchParams, setSearchParams] = useSearchParams();
  const open = searchParams.get("doc");
  const names = docs.data?.map((doc) => doc.name) ?? [];
  const canWrite = useCan("steering.write");
  const isNew = canWrite && open !== null && docs.isSuccess && !names.includes(open);

  return (
    <section className={view.view} aria-label="Steering">
      <div className="section-head">
        <h2>Steering</h2>
        <p className="muted">
          Project context put into every agent's prompt, kept in <code>.maestro/steering/</code> of the project
          directory.
        </p>
      </div>
      {docs.isPending ? <Loading label="Loading steering documents…" /> : null}
      <ErrorAlert error={docs.error} />
      {docs.isSuccess ? (
        <div className={styles.layout}>
          <nav aria-label="Steering documents" className={styles.list}>
            {names.length === 0 ? <p className="muted">No steering documents yet.</p> : null}
            <ul>
              {names.map((name) => (
                <li key={name}>
                  <Link
                    to={{ search: `?doc=${encodeURIComponent(name)}` }}
                    aria-current={name === open ? "page" : undefined}
                  >
                    {name}
                  </Link>
                </li>
              ))}
            </ul>
            {canWrite ? <NewDocumentForm existing={names} onAdd={(name) => setSearchParams({ doc: name })} /> : null}
          </nav>
          {open ? (
            <SteeringEditor key={open} projectId={project.id} name={open} isNew={isNew} />
          ) : (
            <p className="muted">Pick a document to read or edit it.</p>
          )}
        </div>
      ) : null}
    </section>
  );
}

function NewDocumentForm({ existing, onAdd }: { existing: string[]; onAdd: (name: string) => void }) {
  const [name, setName] = useState(SUGGESTED.find((candidate) => !existing.includes(candidate)) ?? "");
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    const fileName = trimmed.endsWith(".md") ? trimmed : `${trimmed}.md`;
    if (!STEERING_NAME_PATTERN.test(fileName)) {
      setError("A file name ending in .md, e.g. product.md");
      return;
    }
    setError(null);
    onAdd(fileName);
  };
  return (
    <form className={styles.new} onSubmit={submit}>
      <label htmlFor={id}>New document name</label>
      <input
        id={id}
        value={name}
        onChange={(event) => setName(event.target.value)}
        aria-invalid={error !== null}
        spellCheck={false}
      />
      {error ? <p className="field-error">{error}</p> : null}
      <button type="submit" className="button button--small">
        Add document
      </button>
    </form>
  );
}
