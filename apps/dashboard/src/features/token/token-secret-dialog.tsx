import { useState } from "react";
import { ModalDialog } from "../../components/modal-dialog";

type CopyState = "idle" | "copied" | "failed";

const COPY_NOTES: Record<CopyState, string> = {
  idle: "",
  copied: "Copied to the clipboard.",
  failed: "Could not copy: select the token and copy it yourself.",
};

/**
 * Dialog "Token <name> created": read-only textbox "Token for <name>" with the secret, button
 * "Copy token", a warning that it is shown only this once, and button "Done".
 */
export function TokenSecretDialog({ name, secret, onClose }: { name: string; secret: string; onClose: () => void }) {
  const [copy, setCopy] = useState<CopyState>("idle");
  const copySecret = () =>
    navigator.clipboard.writeText(secret).then(
      () => setCopy("copied"),
      () => setCopy("failed"),
    );
  return (
    <ModalDialog title={`Token ${name} created`} onClose={onClose}>
      <div className="modal-body form">
        <p className="notice" role="note">
          Copy it now: this is the only time Maestro shows it. It is stored hashed, so a lost token cannot be shown
          again — revoke it and create another.
        </p>
        <div className="field">
          <label htmlFor="token-secret">Token for {name}</label>
          <input
            id="token-secret"
            className="mono"
            readOnly
            value={secret}
            data-autofocus
            onFocus={(event) => event.target.select()}
          />
        </div>
        <div>
          <button type="button" className="button" onClick={() => void copySecret()}>
            Copy token
          </button>{" "}
          <span className="muted" role="status">
            {COPY_NOTES[copy]}
          </span>
        </div>
        <p className="muted">
          Sign in to the dashboard with it, or set <code>MAESTRO_TOKEN</code> for the CLI.
        </p>
      </div>
      <div className="modal-actions">
        <button type="button" className="button button--primary" onClick={onClose}>
          Done
        </button>
      </div>
    </ModalDialog>
  );
}
