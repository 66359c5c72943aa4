/*
 * Agents page (`/agents`). Accessible names for tests:
 * heading "Agents"; button "New agent" → dialog "New agent" (see agent-dialog.tsx); table
 * "Agent profiles", one row per profile with "Built in" marked; buttons "Edit <name>" → dialog
 * "Edit agent <name>", "Remove <name>" → dialog "Remove agent <name>?" (not on built-ins,
 * which say "Built in: cannot be removed").
 */
import type { AgentProfile } from "@maestro/domain";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Loading } from "../../components/empty-state";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useTRPC } from "../../lib/trpc";
import { AgentDialog } from "./agent-dialog";
import { AgentsTable } from "./agents-table";
import { RemoveAgentDialog } from "./remove-agent-dialog";

type Dialog = { kind: "new" } | { kind: "edit" | "remove"; profile: AgentProfile } | null;

export function AgentsPage() {
  const trpc = useTRPC();
  const agents = useQuery(trpc.agent.list.queryOptions());
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);

  return (
    <div className="page page--wide">
      <title>Agents · Maestro</title>
      <PageHeader
        title="Agents"
        intro="Profiles say how to launch each kind of agent. Run a task with one from its panel."
      >
        <button type="button" className="button button--primary" onClick={() => setDialog({ kind: "new" })}>
          New agent
        </button>
      </PageHeader>
      {agents.isPending ? <Loading label="Loading agents…" /> : null}
      <ErrorAlert error={agents.error} />
      {agents.isSuccess ? (
        <AgentsTable
          agents={agents.data}
          onEdit={(profile) => setDialog({ kind: "edit", profile })}
          onRemove={(profile) => setDialog({ kind: "remove", profile })}
        />
      ) : null}
      {dialog?.kind === "new" ? <AgentDialog onClose={close} /> : null}
      {dialog?.kind === "edit" ? <AgentDialog profile={dialog.profile} onClose={close} /> : null}
      {dialog?.kind === "remove" ? <RemoveAgentDialog profile={dialog.profile} onClose={close} /> : null}
    </div>
  );
}
