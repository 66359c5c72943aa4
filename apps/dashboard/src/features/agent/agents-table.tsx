import { type AgentProfile, buildLaunch, describeFootprint } from "@maestro/domain";
import { TableHead } from "../../components/table-head";
import { pauseLabel } from "./agent-form";
import styles from "./agents-table.module.css";
import type { AgentRow } from "./use-agents";

/** The argv a profile launches, with the placeholders left in (the real one is in each Run preview). */
function launchSummary(profile: AgentProfile): string {
  try {
    return buildLaunch(profile, { promptFile: "{promptFile}", command: "{task command}" }).argv.join(" ");
  } catch {
    return "—";
  }
}

interface AgentsTableProps {
  agents: readonly AgentRow[];
  /** Each action is absent for who may not manage agents: its buttons are not shown. */
  onEdit?: (profile: AgentRow) => void;
  onRemove?: (profile: AgentRow) => void;
  /** Lifts the usage-limit pause of the profile's account. */
  onResume?: (profile: AgentRow) => void;
}

/**
 * Table "Agent profiles": one row per profile (its account, and until when a usage limit pauses
 * it, with button "Resume account of <name>"), with buttons "Edit <name>" and "Remove <name>".
 */
export function AgentsTable({ agents, onEdit, onRemove, onResume }: AgentsTableProps) {
  return (
    <table className="data-table" aria-label="Agent profiles">
      <TableHead
        columns={[
          "Name",
          "Adapter",
          "Model",
          "Launches",
          "Persona",
          "Max concurrent",
          "Memory",
          "Account",
          <span className="visually-hidden">Actions</span>,
        ]}
      />
      <tbody>
        {agents.map((profile) => (
          <tr key={profile.name}>
            <th scope="row" className={styles.name}>
              {profile.name} {profile.builtIn ? <span className="hint">Built in</span> : null}
            </th>
            <td>{profile.adapter}</td>
            <td>{profile.model ?? "—"}</td>
            <td className={styles.command}>
              <code title={launchSummary(profile)}>{launchSummary(profile)}</code>
            </td>
            <td>{profile.persona}</td>
            <td>{profile.maxConcurrent ?? "No limit"}</td>
            <td>{describeFootprint(profile.footprint)}</td>
            <td>
              <code>{profile.usageAccount}</code>
              {profile.pausedUntil ? (
                <>
                  <span className="hint"> {pauseLabel(profile.pausedUntil)}</span>{" "}
                  {onResume ? (
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`Resume account of ${profile.name}`}
                      onClick={() => onResume(profile)}
                    >
                      Resume account
                    </button>
                  ) : null}
                </>
              ) : null}
            </td>
            <td>
              <div className={styles.actions}>
                {onEdit ? <RowAction label="Edit" profile={profile} onClick={onEdit} /> : null}
                {!onRemove ? null : profile.builtIn ? (
                  <span className={`muted ${styles.builtIn}`}>Built in: cannot be removed</span>
                ) : (
                  <RowAction label="Remove" profile={profile} onClick={onRemove} isDanger />
                )}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface RowActionProps {
  label: string;
  profile: AgentRow;
  onClick: (profile: AgentRow) => void;
  isDanger?: boolean;
}

/** Button "<label>", named "<label> <profile name>" for those who cannot see its row. */
function RowAction({ label, profile, onClick, isDanger = false }: RowActionProps) {
  return (
    <button
      type="button"
      className={isDanger ? "button button--small button--danger-ghost" : "button button--small"}
      aria-label={`${label} ${profile.name}`}
      onClick={() => onClick(profile)}
    >
      {label}
    </button>
  );
}
