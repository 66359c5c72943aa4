import { findWebhook, listWebhookDeliveries } from "@maestro/db";
import type { ListWebhookDeliveriesInput, Page, Webhook, WebhookDelivery, WebhookRefInput } from "@maestro/domain";
import type { z } from "zod";
import type { VerbArgs } from "../unit-of-work";
import { requireProject } from "../project/resolve-project";

export function getWebhook({ ctx, input }: VerbArgs<WebhookRefInput>): Webhook | null {
  const project = requireProject(ctx.database.db, input.projectId);
  return findWebhook(ctx.database.db, project.id);
}

/** Recent deliveries, newest first, a page at a time. */
export function listDeliveries({
  ctx,
  input,
}: VerbArgs<z.output<typeof ListWebhookDeliveriesInput>>): Page<WebhookDelivery> {
  const project = requireProject(ctx.database.db, input.projectId);
  return listWebhookDeliveries(ctx.database.db, { projectId: project.id, limit: input.limit, cursor: input.cursor });
}
