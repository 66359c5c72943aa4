import { DRAFT_PERSONA, type DocumentPhase, type SpecDetail } from "@maestro/domain";
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "react-router";
import { ErrorAlert } from "../../components/error-alert";
import { useTRPC } from "../../lib/trpc";
import { useAllAgents } from "../agent/use-agents";
import styles from "./draft-with-agent.module.css";

/**
 * Region "Draft with an agent": pick an agent profile and have it draft this phase as analyst,
 * architect or planner. The file it writes becomes the next version, shown live in the editor.
 */
export function DraftWithAgent({
  spec,
  phase,
  defaultAgent,
}: {
  spec: SpecDetail;
  phase: DocumentPhase;
  defaultAgent: string | null;
}) {
  const trpc = useTRPC();
  const agents = useAllAgents();
  const [agent, setAgent] = useState(defaultAgent ?? "");
  const generate = useMutation(trpc.spec.generate.mutationOptions());
  const selectId = useId();
  const state = spec.phases.find((entry) => entry.phase === phase);
  if (!state || state.reviewState === "approved") return null;
  const chosen = agent || agents.data?.find((profile) => profile.adapter !== "shell")?.name || "";
  return (
    <section className={styles.draft} aria-label="Draft with an agent">
      <label htmlFor={selectId}>Drafting agent</label>
      <select id={selectId} value={chosen} onChange={(event) => setAgent(event.target.value)}>
        {(agents.data ?? [])
          .filter((profile) => profile.adapter !== "shell")
          .map((profile) => (
            <option key={profile.name} value={profile.name}>
              {profile.name}
            </option>
          ))}
      </select>
      <button
        type="button"
        className="button"
        disabled={!chosen || generate.isPending}
        onClick={() => generate.mutate({ id: spec.id, phase, agent: chosen })}
      >
        Draft with an agent
      </button>
      <span className="muted" role="status">
        {generate.isPending ? "Starting…" : null}
        {generate.data ? (
          <>
            {`${generate.data.task.key}: the ${DRAFT_PERSONA[phase]} is drafting `}
            <Link to={`/sessions/${generate.data.session.id}`}>Open the session</Link>
          </>
        ) : null}
      </span>
      <ErrorAlert error={generate.error} onDismiss={() => generate.reset()} />
    </section>
  );
}
