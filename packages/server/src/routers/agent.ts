import { AgentRefInput, CreateAgentInput, ListAgentsInput, UpdateAgentInput } from "@maestro/domain";
import { addAgent } from "../services/agent/add-agent";
import { getAgent, listAgents } from "../services/agent/read-agents";
import { removeAgent } from "../services/agent/remove-agent";
import { resumeAccount } from "../services/agent/resume-account";
import { updateAgent } from "../services/agent/update-agent";
import { publicProcedure, router } from "../trpc";

export const agentRouter = router({
  list: publicProcedure.input(ListAgentsInput).query(({ ctx, input }) => listAgents({ ctx, input })),
  byName: publicProcedure.input(AgentRefInput).query(({ ctx, input }) => getAgent({ ctx, input })),
  add: publicProcedure.input(CreateAgentInput).mutation(({ ctx, input }) => addAgent({ ctx, input })),
  update: publicProcedure.input(UpdateAgentInput).mutation(({ ctx, input }) => updateAgent({ ctx, input })),
  remove: publicProcedure.input(AgentRefInput).mutation(({ ctx, input }) => removeAgent({ ctx, input })),
  /** Lifts the usage-limit pause of the profile's account (owner only: an agent must not lift one). */
  resume: publicProcedure.input(AgentRefInput).mutation(({ ctx, input }) => resumeAccount({ ctx, input })),
});
