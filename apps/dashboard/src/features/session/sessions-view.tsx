/*
 * Sessions of a project (`/projects/:key/sessions`, a view beside Board and List). Accessible
 * names for tests: region "Sessions" holding a table; select "Status"; per row a link
 * "Session <short id>" and task links "<KEY>" (opening the task panel); empty "No sessions yet".
 */
import { useProjectContext } from "../project/project-context";
import { SessionsList } from "./sessions-list";

export function SessionsView() {
  const { project } = useProjectContext();
  return <SessionsList project={project} />;
}
