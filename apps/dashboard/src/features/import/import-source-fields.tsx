import { IMPORT_FORMATS, type ImportFormat } from "@maestro/domain";
import { Field } from "../../components/field";
import { SelectField } from "../../components/select-field";
import { TextField } from "../../components/text-field";
import { fieldBinder } from "../../lib/field-binder";
import { type ImportForm, type ImportSource, type Upload } from "./import-form";
import { FORMAT_LABELS, isFolderFormat, PATH_EXAMPLES, TAG_FIELDS } from "./import-formats";
import styles from "./import-dialog.module.css";

interface ImportSourceFieldsProps {
  form: ImportForm;
  update: (patch: Partial<ImportForm>) => void;
  upload: Upload;
  onPick: (files: FileList | null, format: ImportFormat) => void;
}

const SOURCES: readonly { id: ImportSource; label: string }[] = [
  { id: "upload", label: "Upload from this computer" },
  { id: "path", label: "Read from the project's folder" },
];

/**
 * The import form's fields: select "Format", radio group "Source", then either text field "Path in
 * project" or the file input "File to upload" / "Folder to upload", and "Tag" for Task Master
 * ("Project in the data folder" for Agent Maestro).
 */
export function ImportSourceFields({ form, update, upload, onPick }: ImportSourceFieldsProps) {
  const bind = fieldBinder(form, update);
  const tagField = TAG_FIELDS[form.format];
  return (
    <>
      <SelectField label="Format" values={IMPORT_FORMATS} labels={FORMAT_LABELS} {...bind("format")} />
      <fieldset>
        <legend>Source</legend>
        {SOURCES.map((source) => (
          <label key={source.id} className="checkbox">
            <input
              type="radio"
              name="import-source"
              checked={form.source === source.id}
              onChange={() => update({ source: source.id })}
            />
            {source.label}
          </label>
        ))}
      </fieldset>
      {form.source === "path" ? (
        <TextField
          label="Path in project"
          hint={`Relative to the project's folder, e.g. ${PATH_EXAMPLES[form.format]}`}
          placeholder={PATH_EXAMPLES[form.format]}
          isCode
          isRequired
          {...bind("path")}
        />
      ) : (
        // A fresh input per format: a pick made for another format is dropped with the upload.
        <UploadField
          key={form.format}
          isFolder={isFolderFormat(form.format)}
          upload={upload}
          onPick={(files) => onPick(files, form.format)}
        />
      )}
      {tagField ? <TextField label={tagField.label} hint={tagField.hint} isCode {...bind("tag")} /> : null}
    </>
  );
}

interface UploadFieldProps {
  isFolder: boolean;
  upload: Upload;
  onPick: (files: FileList | null) => void;
}

/** The file input: a folder picker for folder formats; its hint says what was read. */
function UploadField({ isFolder, upload, onPick }: UploadFieldProps) {
  return (
    <Field
      label={isFolder ? "Folder to upload" : "File to upload"}
      hint={<UploadHint isFolder={isFolder} upload={upload} />}
      name="files"
    >
      {(props) => (
        <input
          {...props}
          type="file"
          className={styles.file}
          // webkitdirectory is not in React's types; every current browser supports it.
          {...(isFolder ? { webkitdirectory: "" } : { accept: ".json,application/json" })}
          onChange={(event) => onPick(event.target.files)}
        />
      )}
    </Field>
  );
}

function UploadHint({ isFolder, upload }: { isFolder: boolean; upload: Upload }) {
  switch (upload.state) {
    case "reading":
      return <span role="status">Reading…</span>;
    case "read":
      return <span role="status">{describeUpload(upload)}</span>;
    // A refusal is said once, in the form's alert, which also marks this field.
    case "none":
    case "refused":
      return isFolder ? "Choose the folder itself, not a file in it." : "Choose the file.";
  }
}

/** "tasks.json read, 2,310 characters" or "12 files read from planning, 48,200 characters". */
function describeUpload({ files, count, chars, folder }: Extract<Upload, { state: "read" }>): string {
  const what = count === 1 && folder === null ? Object.keys(files)[0] : `${count} ${count === 1 ? "file" : "files"}`;
  return `${what} read${folder ? ` from ${folder}` : ""}, ${chars.toLocaleString()} characters`;
}
