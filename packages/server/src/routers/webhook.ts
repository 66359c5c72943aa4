import { ListWebhookDeliveriesInput, SetWebhookInput, WebhookRefInput } from "@maestro/domain";
import { getWebhook, listDeliveries } from "../services/webhook/read-webhooks";
import { setWebhook } from "../services/webhook/set-webhook";
import { publicProcedure, router } from "../trpc";

export const webhookRouter = router({
  byProject: publicProcedure.input(WebhookRefInput).query(async ({ ctx, input }) => await getWebhook({ ctx, input })),
  set: publicProcedure.input(SetWebhookInput).mutation(async ({ ctx, input }) => await setWebhook({ ctx, input })),
  deliveries: publicProcedure
    .input(ListWebhookDeliveriesInput)
    .query(({ ctx, input }) => listDeliveries({ ctx, input })),
});
