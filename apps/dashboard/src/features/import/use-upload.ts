import type { ImportFormat } from "@maestro/domain";
import { useRef, useState } from "react";
import type { Upload } from "./import-form";
import { folderNameOf, type ReadResult, readImportFiles, toPickedFiles } from "./read-import-files";

/**
 * The upload of the import dialog: reads what the person picks in the browser. Only the latest
 * pick counts (a slow read of an earlier one never overwrites it).
 */
export function useUpload(onRefused: (message: string | null) => void) {
  const [upload, setUpload] = useState<Upload>({ state: "none" });
  const latest = useRef(0);

  const pick = (files: FileList | null, format: ImportFormat) => {
    const pickId = ++latest.current;
    if (!files || files.length === 0) {
      setUpload({ state: "none" });
      return;
    }
    setUpload({ state: "reading" });
    void readImportFiles(toPickedFiles(files), { folder: folderNameOf(files), format })
      .catch((error: unknown): ReadResult => ({
        ok: false,
        message: `Could not read the chosen files: ${String(error)}`,
      }))
      .then((result) => {
        if (pickId !== latest.current) return;
        setUpload(toUpload(result));
        onRefused(result.ok ? null : result.message);
      });
  };

  const clear = () => {
    latest.current += 1;
    setUpload({ state: "none" });
  };

  return { upload, pick, clear };
}

function toUpload(result: ReadResult): Upload {
  return result.ok
    ? { state: "read", files: result.files, count: result.count, chars: result.chars, folder: result.folder }
    : { state: "refused", message: result.message };
}
