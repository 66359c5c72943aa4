import { findWebhook, listWebhookDeliveries } from "@maestro/db";
import type { ListWebhookDeliveriesInput, Page, Webhook, WebhookDelivery, WebhookRefInput } from "@maestro/domain";
import type { z } from "zod";
import type { VerbArgs } from "../unit-of-work";
import { requireProject } from "../project/resolve-project";

export async function getWebhook({ ctx, input }: VerbArgs<WebhookRefInput>): Promise<Webhook | null> {
  const project = await requireProject(ctx.database.db, input.projectId);
  return await findWebhook(ctx.database.db, project.id);
}

/** Recent deliveries, newest first, a page at a time. */
export async function listDeliveries({
  ctx,
  input,
}: VerbArgs<z.output<typeof ListWebhookDeliveriesInput>>): Promise<Page<WebhookDelivery>> {
  const project = await requireProject(ctx.database.db, input.projectId);
  return await listWebhookDeliveries(ctx.database.db, {
    projectId: project.id,
    limit: input.limit,
    cursor: input.cursor,
  });
}
