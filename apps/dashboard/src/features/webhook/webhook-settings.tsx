/*
 * A project's webhook, on its Settings view. Accessible names: region "Webhook" with form
 * "Webhook of <KEY>": textbox "Webhook URL", password field "Secret" (write-only; the text
 * "Secret: set" or "Secret: not set" describes it), checkbox "Clear the secret" (when one is
 * set), group "Notify about" with one checkbox per event, buttons "Save webhook" and (when one
 * is set) "Remove webhook"; status "Webhook saved" / "Webhook removed" after a change.
 */
import { type Project, WEBHOOK_EVENTS, type Webhook, type WebhookEvent } from "@maestro/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Loading } from "../../components/empty-state";
import { ErrorAlert } from "../../components/error-alert";
import { Field } from "../../components/field";
import { InvalidFieldContext } from "../../components/invalid-field";
import { TextField } from "../../components/text-field";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { WEBHOOK_EVENT_LABELS } from "./webhook-labels";

type SetWebhook = { url: string | null; secret?: string | null; notify?: WebhookEvent[] };

export function WebhookSettings({ project }: { project: Project }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const projectId = project.id;
  const webhook = useQuery(trpc.webhook.byProject.queryOptions({ projectId }));
  const save = useMutation(
    trpc.webhook.set.mutationOptions({
      onSuccess: (next) => queryClient.setQueryData(trpc.webhook.byProject.queryKey({ projectId }), next),
    }),
  );
  // Each saved change starts a fresh form: the secret field empties, the rest shows what is stored.
  const [generation, setGeneration] = useState(0);
  const submit = (change: SetWebhook) =>
    save.mutate({ projectId, ...change }, { onSuccess: () => setGeneration((n) => n + 1) });
  return (
    <section className="form" aria-labelledby="webhook-heading">
      <div className="section-head">
        <h2 id="webhook-heading">Webhook</h2>
        <span className="muted">A JSON POST for each event it notifies about, signed when a secret is set.</span>
      </div>
      {webhook.isPending ? <Loading label="Loading webhook…" /> : null}
      <ErrorAlert error={webhook.error} />
      {webhook.isSuccess ? (
        <WebhookForm key={generation} projectKey={project.key} webhook={webhook.data} save={save} onSave={submit} />
      ) : null}
      {save.isSuccess ? <p role="status">{save.data ? "Webhook saved" : "Webhook removed"}</p> : null}
    </section>
  );
}

interface WebhookFormProps {
  projectKey: string;
  webhook: Webhook | null;
  save: { isPending: boolean; error: unknown; reset: () => void };
  onSave: (change: SetWebhook) => void;
}

function WebhookForm({ projectKey, webhook, save, onSave }: WebhookFormProps) {
  const [url, setUrl] = useState(webhook?.url ?? "");
  const [secret, setSecret] = useState("");
  const [isClearingSecret, setIsClearingSecret] = useState(false);
  const [notify, setNotify] = useState<WebhookEvent[]>(webhook?.notify ?? [...WEBHOOK_EVENTS]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (save.isPending) return;
    // A blank URL removes the webhook; a blank secret keeps the one set.
    if (url.trim() === "") return onSave({ url: null });
    onSave({ url: url.trim(), secret: secret !== "" ? secret : isClearingSecret ? null : undefined, notify });
  };
  const toggle = (event: WebhookEvent, isWanted: boolean) =>
    setNotify(WEBHOOK_EVENTS.filter((e) => (e === event ? isWanted : notify.includes(e))));
  return (
    <InvalidFieldContext value={describeError(save.error).field}>
      <form className="form" onSubmit={submit} noValidate aria-label={`Webhook of ${projectKey}`}>
        <TextField
          label="Webhook URL"
          name="url"
          value={url}
          onChange={setUrl}
          isCode
          placeholder="https://hooks.slack.com/services/…"
          hint="Blank: no webhook. Slack- and Discord-style incoming webhooks render the message as is."
        />
        <SecretField isSet={webhook?.secretSet ?? false} value={secret} onChange={setSecret} />
        {webhook?.secretSet ? (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={isClearingSecret}
              disabled={secret !== ""}
              onChange={(event) => setIsClearingSecret(event.target.checked)}
            />
            Clear the secret
          </label>
        ) : null}
        <fieldset>
          <legend>Notify about</legend>
          {WEBHOOK_EVENTS.map((event) => (
            <label key={event} className="checkbox">
              <input
                type="checkbox"
                checked={notify.includes(event)}
                onChange={(e) => toggle(event, e.target.checked)}
              />
              {WEBHOOK_EVENT_LABELS[event]}
            </label>
          ))}
        </fieldset>
        <ErrorAlert error={save.error} onDismiss={save.reset} />
        <div className="form-actions">
          <button type="submit" className="button button--primary button--small" aria-busy={save.isPending}>
            Save webhook
          </button>
          {webhook ? (
            <button type="button" className="button button--small" onClick={() => onSave({ url: null })}>
              Remove webhook
            </button>
          ) : null}
        </div>
      </form>
    </InvalidFieldContext>
  );
}

interface SecretFieldProps {
  isSet: boolean;
  value: string;
  onChange: (value: string) => void;
}

/** Write-only: the stored secret is never sent back, so the field only says whether one is set. */
function SecretField({ isSet, value, onChange }: SecretFieldProps) {
  const hint = `Secret: ${isSet ? "set" : "not set"}. ${isSet ? "Type a new one to replace it; blank keeps it." : "At least 8 characters; deliveries are then signed (HMAC-SHA256)."}`;
  return (
    <Field label="Secret" name="secret" hint={hint}>
      {(props) => (
        <input
          {...props}
          type="password"
          autoComplete="new-password"
          className="mono"
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
