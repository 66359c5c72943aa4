import { useQuery } from "@tanstack/react-query";
import { Loading } from "../../components/empty-state";
import { ErrorAlert } from "../../components/error-alert";
import { useTRPC } from "../../lib/trpc";
import { ChangesTab } from "./changes-tab";
import { OverlapNotice } from "./overlap-notice";

/** The session page's Changes tab: its task's (the first, for a multi-task session) branch. */
export function SessionChanges({ taskId }: { taskId: string }) {
  const trpc = useTRPC();
  const task = useQuery(trpc.task.byId.queryOptions({ id: taskId }));
  if (task.isPending) return <Loading label="Loading changes…" />;
  if (task.isError) return <ErrorAlert error={task.error} />;
  return (
    <>
      <h2 className="visually-hidden">Changes of {task.data.key}</h2>
      <OverlapNotice task={task.data} />
      <ChangesTab task={task.data} />
    </>
  );
}
