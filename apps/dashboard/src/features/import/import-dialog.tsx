import type { ImportInput, ImportPlan, Project } from "@maestro/domain";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { FormActions } from "../../components/form-actions";
import { InvalidFieldContext } from "../../components/invalid-field";
import { ModalDialog } from "../../components/modal-dialog";
import { describeError } from "../../lib/errors";
import { ImportDone } from "./import-done";
import { EMPTY_IMPORT_FORM, formFieldOf, type ImportForm, toImportInput } from "./import-form";
import { ImportPreview } from "./import-preview";
import { ImportSourceFields } from "./import-source-fields";
import { useUpload } from "./use-upload";
import { usePreviewImport } from "./use-import";

/** Where the dialog is: choosing the source, looking at the plan, or done. */
type Step =
  { name: "source" } | { name: "preview"; input: ImportInput; plan: ImportPlan } | { name: "done"; plan: ImportPlan };

/**
 * Dialog "Import tasks": choose the format and the source (a path in the project or an upload),
 * "Preview" shows the plan, "Import N tasks" applies it, then "Open the board".
 */
export function ImportDialog({ project, onClose }: { project: Project; onClose: () => void }) {
  const [step, setStep] = useState<Step>({ name: "source" });
  // The form outlives the preview step, so "Back" returns to what was chosen.
  const [form, setForm] = useState<ImportForm>(EMPTY_IMPORT_FORM);
  const [localError, setLocalError] = useState<{ field: string; message: string } | null>(null);
  const uploads = useUpload((message) => setLocalError(message ? { field: "files", message } : null));

  return (
    <ModalDialog title="Import tasks" isWide onClose={onClose}>
      {step.name === "source" ? (
        <SourceStep
          project={project}
          form={form}
          setForm={setForm}
          uploads={uploads}
          localError={localError}
          setLocalError={setLocalError}
          onPlan={(input, plan) => setStep({ name: "preview", input, plan })}
          onClose={onClose}
        />
      ) : null}
      {step.name === "preview" ? (
        <ImportPreview
          input={step.input}
          plan={step.plan}
          onBack={() => setStep({ name: "source" })}
          onApplied={(plan) => setStep({ name: "done", plan })}
          onClose={onClose}
        />
      ) : null}
      {step.name === "done" ? <ImportDone plan={step.plan} onClose={onClose} /> : null}
    </ModalDialog>
  );
}

interface SourceStepProps {
  project: Project;
  form: ImportForm;
  setForm: (update: (form: ImportForm) => ImportForm) => void;
  uploads: ReturnType<typeof useUpload>;
  localError: { field: string; message: string } | null;
  setLocalError: (error: { field: string; message: string } | null) => void;
  onPlan: (input: ImportInput, plan: ImportPlan) => void;
  onClose: () => void;
}

/** The first step: the fields, the form's or the server's error (marking its field), "Preview". */
function SourceStep({ project, form, setForm, uploads, localError, setLocalError, onPlan, onClose }: SourceStepProps) {
  const preview = usePreviewImport();
  const formRef = useRef<HTMLFormElement>(null);
  // Back from the preview, the button that had the focus is gone: the first field takes it.
  useEffect(() => formRef.current?.querySelector("select")?.focus(), []);
  const error = localError ? new Error(localError.message) : preview.error;
  const update = (patch: Partial<ImportForm>) => {
    const isNewSource = patch.format !== undefined || patch.source !== undefined;
    if (patch.format !== undefined && patch.format !== form.format) uploads.clear();
    // An upload's refusal stands until another pick; the form's other objections go with any edit.
    if (isNewSource || localError?.field !== "files") setLocalError(null);
    preview.reset();
    setForm((current) => ({ ...current, ...patch }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (preview.isPending) return; // Enter in a field while the preview runs
    const request = toImportInput(project.id, form, uploads.upload);
    if ("field" in request) return setLocalError(request);
    setLocalError(null);
    preview.mutate(request.input, { onSuccess: (plan) => onPlan(request.input, plan) });
  };
  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      <InvalidFieldContext value={localError?.field ?? formFieldOf(describeError(preview.error).field, form.source)}>
        <ImportSourceFields form={form} update={update} upload={uploads.upload} onPick={uploads.pick} />
      </InvalidFieldContext>
      <ErrorAlert error={error} />
      <FormActions submitLabel="Preview" pendingLabel="Previewing…" isPending={preview.isPending} onCancel={onClose} />
    </form>
  );
}
