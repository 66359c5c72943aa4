import { AgentRefInput, CreateAgentInput, UpdateAgentInput } from "@maestro/domain";
import { addAgent, getAgent, listAgents, removeAgent, updateAgent } from "../services/agent/agent-verbs";
import { publicProcedure, router } from "../trpc";

export const agentRouter = router({
  list: publicProcedure.query(({ ctx }) => listAgents({ ctx })),
  byName: publicProcedure.input(AgentRefInput).query(({ ctx, input }) => getAgent({ ctx, input })),
  add: publicProcedure.input(CreateAgentInput).mutation(({ ctx, input }) => addAgent({ ctx, input })),
  update: publicProcedure.input(UpdateAgentInput).mutation(({ ctx, input }) => updateAgent({ ctx, input })),
  remove: publicProcedure.input(AgentRefInput).mutation(({ ctx, input }) => removeAgent({ ctx, input })),
});
