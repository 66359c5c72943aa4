import type { ImportFiles, ImportFormat, ImportInput } from "@maestro/domain";
import { namesField } from "../../lib/errors";
import { TAG_FIELDS } from "./import-formats";

export type ImportSource = "path" | "upload";

/** The import dialog's fields. */
export interface ImportForm {
  format: ImportFormat;
  source: ImportSource;
  /** A path inside the project's folder, which the server reads. */
  path: string;
  /** taskmaster: the tag; agent-maestro: the project; empty for the default (see TAG_FIELDS). */
  tag: string;
}

export const EMPTY_IMPORT_FORM: ImportForm = { format: "taskmaster", source: "upload", path: "", tag: "" };

/** What was uploaded, once read in the browser. */
export type Upload =
  | { state: "none" }
  | { state: "reading" }
  | { state: "read"; files: ImportFiles; count: number; chars: number; folder: string | null }
  | { state: "refused"; message: string };

/** The request, or the form's own objection naming the field (as the server would). */
export type ImportRequest = { input: ImportInput } | { field: "path" | "files"; message: string };

/** The request an import sends: either the read files or the path, and the tag where it applies. */
export function toImportInput(projectId: string, form: ImportForm, upload: Upload): ImportRequest {
  const tag = TAG_FIELDS[form.format] && form.tag.trim() !== "" ? { tag: form.tag.trim() } : {};
  const base = { projectId, format: form.format, ...tag };
  if (form.source === "path") {
    const path = form.path.trim();
    const message = "Path in project: enter the path of the file or folder to import.";
    return path === "" ? { field: "path", message } : { input: { ...base, path } };
  }
  switch (upload.state) {
    case "read":
      return { input: { ...base, files: upload.files, ...(upload.folder ? { folder: upload.folder } : {}) } };
    case "refused":
      return { field: "files", message: upload.message };
    case "reading":
      return { field: "files", message: "The chosen files are still being read." };
    case "none":
      return { field: "files", message: "Choose the file or folder to upload." };
  }
}

/**
 * The form field a failed request's field stands for: a parse error names `files` even when the
 * server read them from the path, and then it is the path field that is wrong.
 */
export function formFieldOf(field: string | null, source: ImportSource): string | null {
  return source === "path" && field !== null && namesField(field, "files") ? "path" : field;
}
