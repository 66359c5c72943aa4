/*
 * Agents page (`/agents`). Accessible names for tests:
 * heading "Agents"; button "New agent" → dialog "New agent" (see agent-dialog.tsx); table
 * "Agent profiles", one row per profile with "Built in" marked; buttons "Edit <name>" → dialog
 * "Edit agent <name>", "Remove <name>" → dialog "Remove agent <name>?" (not on built-ins,
 * which say "Built in: cannot be removed"). A profile paused by a usage limit has button
 * "Resume account of <name>", which lifts its account's pause at once (an error shows above the table). Past 100 profiles, button "Load more agents".
 * Who may not manage agents (below admin) sees the table without any of these buttons.
 */
import { useMemo, useState } from "react";
import { Loading } from "../../components/empty-state";
import { ErrorAlert } from "../../components/error-alert";
import { LoadMore } from "../../components/load-more";
import { PageHeader } from "../../components/page-header";
import { loadedItems } from "../../lib/pages";
import { useCan } from "../auth/use-me";
import { AgentDialog } from "./agent-dialog";
import { AgentsTable } from "./agents-table";
import { RemoveAgentDialog } from "./remove-agent-dialog";
import { useResumeAccount } from "./use-agent-mutations";
import { type AgentRow, useAgentPages } from "./use-agents";

type Dialog = { kind: "new" } | { kind: "edit" | "remove"; profile: AgentRow } | null;

export function AgentsPage() {
  const agents = useAgentPages();
  const loaded = useMemo(() => loadedItems(agents.data), [agents.data]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const resume = useResumeAccount();
  const canAdd = useCan("agent.add");
  const canUpdate = useCan("agent.update");
  const canRemove = useCan("agent.remove");
  const canResume = useCan("agent.resume");
  const close = () => setDialog(null);

  return (
    <div className="page page--wide">
      <title>Agents · Maestro</title>
      <PageHeader
        title="Agents"
        intro="Profiles say how to launch each kind of agent. Run a task with one from its panel."
      >
        {canAdd ? (
          <button type="button" className="button button--primary" onClick={() => setDialog({ kind: "new" })}>
            New agent
          </button>
        ) : null}
      </PageHeader>
      {agents.isPending ? <Loading label="Loading agents…" /> : null}
      <ErrorAlert error={agents.error} />
      <ErrorAlert error={resume.error} />
      {agents.isSuccess ? (
        <AgentsTable
          agents={loaded}
          onEdit={canUpdate ? (profile) => setDialog({ kind: "edit", profile }) : undefined}
          onRemove={canRemove ? (profile) => setDialog({ kind: "remove", profile }) : undefined}
          onResume={canResume ? (profile) => resume.mutate({ name: profile.name }) : undefined}
        />
      ) : null}
      <LoadMore query={agents} what="agents" />
      {dialog?.kind === "new" ? <AgentDialog onClose={close} /> : null}
      {dialog?.kind === "edit" ? <AgentDialog profile={dialog.profile} onClose={close} /> : null}
      {dialog?.kind === "remove" ? <RemoveAgentDialog profile={dialog.profile} onClose={close} /> : null}
    </div>
  );
}
