import { formatLimit, formatUtcClock, isAtLimit } from "./autopilot-format";
import type { AutopilotStatus } from "./use-autopilot";

/** Concurrency slots in use: all projects, this project, and each agent (with its usage-limit pause). */
export function AutopilotLimits({ limits }: { limits: AutopilotStatus["limits"] }) {
  return (
    <ul className="autopilot-limits" aria-label="Limits">
      <li className={isAtLimit(limits.global) ? "limit limit--full" : "limit"}>
        <span className="limit-name">Global</span> {formatLimit(limits.global)}
      </li>
      <li className={isAtLimit(limits.project) ? "limit limit--full" : "limit"}>
        <span className="limit-name">Project</span> {formatLimit(limits.project)}
      </li>
      {limits.agents.map((agent) => (
        <li key={agent.agent} className={isAtLimit(agent) || agent.pausedUntil ? "limit limit--full" : "limit"}>
          <span className="limit-name">{agent.agent}</span> {formatLimit(agent)}
          {agent.pausedUntil ? (
            <span className="limit-paused">, paused until {formatUtcClock(agent.pausedUntil)}</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
