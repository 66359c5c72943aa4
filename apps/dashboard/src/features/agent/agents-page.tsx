/*
 * Agents page (`/agents`). Accessible names for tests:
 * heading "Agents"; button "New agent" → dialog "New agent" (see agent-dialog.tsx); table
 * "Agent profiles", one row per profile with "Built in" marked; buttons "Edit <name>" → dialog
 * "Edit agent <name>", "Remove <name>" → dialog "Remove agent <name>?" (not on built-ins,
 * which say "Built in: cannot be removed").
 */
import { type AgentProfile, buildLaunch } from "@maestro/domain";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Loading } from "../../components/empty-state";
import { ErrorAlert } from "../../components/error-alert";
import { useTRPC } from "../../lib/trpc";
import { AgentDialog } from "./agent-dialog";
import { RemoveAgentDialog } from "./remove-agent-dialog";

type Dialog = { kind: "new" } | { kind: "edit" | "remove"; profile: AgentProfile } | null;

/** The argv a profile launches, with the placeholders left in (the real one is in each Run preview). */
function launchSummary(profile: AgentProfile): string {
  try {
    return buildLaunch(profile, {
      prompt: "{prompt}",
      promptFile: "{promptFile}",
      command: "{task command}",
    }).argv.join(" ");
  } catch {
    return "—";
  }
}

export function AgentsPage() {
  const trpc = useTRPC();
  const agents = useQuery(trpc.agent.list.queryOptions());
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);

  return (
    <div className="page page--wide">
      <title>Agents · Maestro</title>
      <div className="page-header">
        <div>
          <h1>Agents</h1>
          <p className="muted page-intro">
            Profiles say how to launch each kind of agent. Run a task with one from its panel.
          </p>
        </div>
        <button type="button" className="button button--primary" onClick={() => setDialog({ kind: "new" })}>
          New agent
        </button>
      </div>
      {agents.isPending ? <Loading label="Loading agents…" /> : null}
      <ErrorAlert error={agents.error} />
      {agents.isSuccess ? (
        <table className="data-table agents-table" aria-label="Agent profiles">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Adapter</th>
              <th scope="col">Model</th>
              <th scope="col">Launches</th>
              <th scope="col">Persona</th>
              <th scope="col">Max concurrent</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {agents.data.map((profile) => (
              <tr key={profile.name}>
                <th scope="row" className="agent-name">
                  {profile.name} {profile.builtIn ? <span className="hint">Built in</span> : null}
                </th>
                <td>{profile.adapter}</td>
                <td>{profile.model ?? "—"}</td>
                <td className="agent-command">
                  <code title={launchSummary(profile)}>{launchSummary(profile)}</code>
                </td>
                <td>{profile.persona}</td>
                <td>{profile.maxConcurrent ?? "No limit"}</td>
                <td>
                  <div className="row-actions">
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`Edit ${profile.name}`}
                      onClick={() => setDialog({ kind: "edit", profile })}
                    >
                      Edit
                    </button>
                    {profile.builtIn ? (
                      <span className="muted built-in-note">Built in: cannot be removed</span>
                    ) : (
                      <button
                        type="button"
                        className="button button--small button--danger-ghost"
                        aria-label={`Remove ${profile.name}`}
                        onClick={() => setDialog({ kind: "remove", profile })}
                      >
                        Remove
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {dialog?.kind === "new" ? <AgentDialog onClose={close} /> : null}
      {dialog?.kind === "edit" ? <AgentDialog profile={dialog.profile} onClose={close} /> : null}
      {dialog?.kind === "remove" ? <RemoveAgentDialog profile={dialog.profile} onClose={close} /> : null}
    </div>
  );
}
