import { type FormEvent, useEffect, useRef, useState } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { Field } from "../../components/field";
import { type SignInCredential, signIn } from "./auth-endpoints";
import { useAuthGate } from "./auth-gate";
import { isSignInPath, readSignInCode, withoutSignInCode } from "./sign-in-link";
import styles from "./sign-in-page.module.css";

/** The code of the link this page was opened with, removed from the address bar at once. */
function takeSignInCode(): string | undefined {
  const code = readSignInCode(window.location.href);
  if (code) window.history.replaceState(null, "", withoutSignInCode(window.location.href));
  return code;
}

/** After signing in on /signin the dashboard opens; elsewhere the page that was asked for stays. */
function leaveSignInPath(): void {
  if (isSignInPath(window.location.pathname)) window.history.replaceState(null, "", "/");
}

/**
 * Heading "Sign in to Maestro"; a link's code is exchanged by itself, else form "Sign in" with
 * password field "Paste your token" and button "Sign in"; a failure shows as an alert.
 */
export function SignInPage() {
  const gate = useAuthGate();
  const [code] = useState(takeSignInCode);
  const [token, setToken] = useState("");
  const [isBusy, setBusy] = useState(code !== undefined);
  const [error, setError] = useState<unknown>(null);
  const exchanged = useRef(false);

  const submit = async (credential: SignInCredential) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(credential);
      leaveSignInPath();
      gate.markSignedIn();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  useEffect(() => {
    // A code works once: never send it twice, even when effects run twice in development.
    if (!code || exchanged.current) return;
    exchanged.current = true;
    void submit({ code });
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) void submit({ token: token.trim() });
  };

  return (
    <main id="main" className={styles.signIn}>
      <div className={styles.card}>
        <h1>Sign in to Maestro</h1>
        {isBusy && code ? (
          <p role="status">Signing in…</p>
        ) : (
          <p className="muted">
            Run <code>maestro dashboard</code> in a terminal and open the one-time link it prints, or paste a token: the
            owner token, or a named token an admin created for you (<code>maestro token create</code>).
          </p>
        )}
        <ErrorAlert error={error} />
        <form className={styles.form} aria-label="Sign in" onSubmit={onSubmit}>
          <Field
            label="Paste your token"
            hint="A named token works too; the owner token is in ~/.maestro/token ($MAESTRO_HOME/token)."
          >
            {(props) => (
              <input
                {...props}
                type="password"
                className="mono"
                autoComplete="off"
                spellCheck={false}
                value={token}
                onChange={(event) => setToken(event.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button button--primary" disabled={isBusy || !token.trim()}>
            Sign in
          </button>
        </form>
      </div>
    </main>
  );
}
