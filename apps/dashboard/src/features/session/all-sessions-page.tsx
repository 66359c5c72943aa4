/*
 * Sessions of every project (`/sessions`, `?status=needs_input` from the header's badge).
 * Accessible names: heading "Sessions"; region "Sessions" (see sessions-list.tsx).
 */
import { SessionsList } from "./sessions-list";

export function AllSessionsPage() {
  return (
    <div className="page page--wide">
      <title>Sessions · Maestro</title>
      <div className="page-header">
        <h1>Sessions</h1>
      </div>
      <SessionsList />
    </div>
  );
}
