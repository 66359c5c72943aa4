import { useId, useState } from "react";
import { useAllAgents } from "../../agent/use-agents";
import styles from "./review.module.css";

interface ResolveControlsProps {
  isBusy: boolean;
  /** The agent chosen, or null for the task's last one. */
  onResolve: (agent: string | null) => void;
}

/** Select "Resolving agent" (default: the task's last agent) and button "Resolve with agent". */
export function ResolveControls({ isBusy, onResolve }: ResolveControlsProps) {
  const agents = useAllAgents();
  const [agent, setAgent] = useState("");
  const selectId = useId();
  return (
    <span className={styles.resolve}>
      <label htmlFor={selectId}>Resolving agent</label>
      <select id={selectId} value={agent} onChange={(event) => setAgent(event.target.value)}>
        <option value="">The task's last agent</option>
        {(agents.data ?? []).map((profile) => (
          <option key={profile.name} value={profile.name}>
            {profile.name}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button button--primary"
        disabled={isBusy}
        onClick={() => onResolve(agent || null)}
      >
        Resolve with agent
      </button>
    </span>
  );
}
