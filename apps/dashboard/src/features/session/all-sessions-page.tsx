/*
 * Sessions of every project (`/sessions`, `?status=needs_input` from the header's badge).
 * Accessible names: heading "Sessions"; region "Sessions" (see sessions-list.tsx).
 */
import { PageHeader } from "../../components/page-header";
import { SessionsList } from "./sessions-list";

export function AllSessionsPage() {
  return (
    <div className="page page--wide">
      <title>Sessions · Maestro</title>
      <PageHeader title="Sessions" />
      <SessionsList />
    </div>
  );
}
