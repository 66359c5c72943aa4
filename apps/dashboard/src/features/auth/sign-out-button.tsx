import { useState } from "react";
import { signOut } from "./auth-endpoints";
import { useAuthGate } from "./auth-gate";
import { SIGN_IN_PATH } from "./sign-in-link";

/** Button "Sign out": ends this browser's session and shows the sign-in page. */
export function SignOutButton() {
  const gate = useAuthGate();
  const [isBusy, setBusy] = useState(false);
  const onClick = async () => {
    setBusy(true);
    // Even if the server cannot be reached, this tab stops showing the owner's data.
    await signOut().catch(() => undefined);
    window.history.pushState(null, "", SIGN_IN_PATH);
    gate.markSignedOut();
  };
  return (
    <button
      type="button"
      className="button button--ghost button--small"
      disabled={isBusy}
      onClick={() => void onClick()}
    >
      Sign out
    </button>
  );
}
