import { describeMe } from "./access";
import { useMe } from "./use-me";

/** "Signed in as ana (viewer)", or "Signed in as owner (admin)": beside "Sign out". */
export function SignedInAs() {
  const me = useMe();
  if (!me) return null;
  const { name, role } = describeMe(me);
  return (
    <span className="muted">
      Signed in as <strong>{name}</strong> ({role})
    </span>
  );
}
