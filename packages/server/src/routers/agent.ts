import { AgentRefInput, CreateAgentInput, ListAgentsInput, UpdateAgentInput } from "@maestro/domain";
import { addAgent } from "../services/agent/add-agent";
import { getAgent, listAgents } from "../services/agent/read-agents";
import { removeAgent } from "../services/agent/remove-agent";
import { resumeAccount } from "../services/agent/resume-account";
import { updateAgent } from "../services/agent/update-agent";
import { publicProcedure, router } from "../trpc";

export const agentRouter = router({
  list: publicProcedure.input(ListAgentsInput).query(async ({ ctx, input }) => await listAgents({ ctx, input })),
  byName: publicProcedure.input(AgentRefInput).query(({ ctx, input }) => getAgent({ ctx, input })),
  add: publicProcedure.input(CreateAgentInput).mutation(async ({ ctx, input }) => await addAgent({ ctx, input })),
  update: publicProcedure.input(UpdateAgentInput).mutation(async ({ ctx, input }) => await updateAgent({ ctx, input })),
  remove: publicProcedure.input(AgentRefInput).mutation(async ({ ctx, input }) => await removeAgent({ ctx, input })),
  /** Lifts the usage-limit pause of the profile's account (owner only: an agent must not lift one). */
  resume: publicProcedure.input(AgentRefInput).mutation(async ({ ctx, input }) => await resumeAccount({ ctx, input })),
});
