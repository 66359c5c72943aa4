import { describeAdmissionMemory } from "@maestro/domain";
import { formatLimit, formatUtcClock, isAtLimit } from "./autopilot-format";
import styles from "./autopilot-limits.module.css";
import type { AutopilotStatus } from "./use-autopilot";

/** Concurrency slots in use (all projects, this project, each agent with its usage-limit pause), and memory. */
export function AutopilotLimits({ limits, memory }: Pick<AutopilotStatus, "limits" | "memory">) {
  return (
    <ul className={styles.limits} aria-label="Limits">
      <li className={isAtLimit(limits.global) ? styles.full : undefined}>
        <span className={styles.name}>Global</span> {formatLimit(limits.global)}
      </li>
      <li className={isAtLimit(limits.project) ? styles.full : undefined}>
        <span className={styles.name}>Project</span> {formatLimit(limits.project)}
      </li>
      {limits.agents.map((agent) => (
        <li key={agent.agent} className={isAtLimit(agent) || agent.pausedUntil ? styles.full : undefined}>
          <span className={styles.name}>{agent.agent}</span> {formatLimit(agent)}
          {agent.pausedUntil ? (
            <span className={styles.paused}>, paused until {formatUtcClock(agent.pausedUntil)}</span>
          ) : null}
        </li>
      ))}
      <li>
        <span className={styles.name}>Memory</span> {describeAdmissionMemory(memory)}
      </li>
    </ul>
  );
}
