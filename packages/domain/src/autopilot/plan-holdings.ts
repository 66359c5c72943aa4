import { currentTaskIdOf, isSessionHoldingSlot } from "../session";
import type { Task } from "../task";
import type { PlanInput, PlanSession, SlotCount } from "./plan-types";

/** What running sessions hold now, in every project: slots, and the files their tasks touch. */
export interface Holdings {
  busy: SlotCount;
  held: Array<{ key: string; touches: readonly string[] }>;
  /** This project's tasks with a busy session, and that session. */
  sessionOfTask: Map<string, PlanSession>;
}

export function countHoldings(input: PlanInput, byId: ReadonlyMap<string, Task>): Holdings {
  const holdings: Holdings = {
    busy: { global: 0, project: 0, agents: new Map(), pendingMemoryMb: 0 },
    held: [],
    sessionOfTask: new Map(),
  };
  for (const session of input.sessions) {
    const taskId = currentTaskIdOf(session);
    const isThisProject = session.projectId === input.projectId;
    if (isThisProject && taskId) holdings.sessionOfTask.set(taskId, session);
    // A session waiting for a usage limit keeps its task busy but holds no slot.
    if (!isSessionHoldingSlot(session.status)) continue;
    holdings.busy.global += 1;
    if (isThisProject) holdings.busy.project += 1;
    holdings.busy.agents.set(session.agent, (holdings.busy.agents.get(session.agent) ?? 0) + 1);
    // The reading does not show an agent that has not been measured yet: count what it will use.
    if (session.peakRssMb == null) holdings.busy.pendingMemoryMb += footprintOf(input, session.agent);
    const task = taskId ? byId.get(taskId) : undefined;
    if (task?.touches.length) holdings.held.push({ key: task.key, touches: task.touches });
  }
  return holdings;
}

/** The expected memory of one session of the profile (0 when neither set nor learned). */
export function footprintOf(input: PlanInput, agent: string): number {
  return input.agents.get(agent)?.footprintMb ?? 0;
}

/** Counts a start into the holdings, so the next candidate sees its slot, files and memory taken. */
export function takeSlot(holdings: Holdings, task: Task, agent: { name: string; footprintMb: number }): void {
  holdings.busy.pendingMemoryMb += agent.footprintMb;
  holdings.busy.global += 1;
  holdings.busy.project += 1;
  holdings.busy.agents.set(agent.name, (holdings.busy.agents.get(agent.name) ?? 0) + 1);
  if (task.touches.length) holdings.held.push({ key: task.key, touches: task.touches });
}
