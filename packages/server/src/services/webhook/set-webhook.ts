import { deleteWebhook, findWebhookTarget, saveWebhook } from "@maestro/db";
import { type SetWebhookInput, WEBHOOK_EVENTS, type Webhook } from "@maestro/domain";
import type { z } from "zod";
import type { VerbArgs } from "../unit-of-work";
import { requireProject } from "../project/resolve-project";

/**
 * Sets (or, with `url: null`, removes) a project's webhook. What is left out keeps its value
 * (every event on a new webhook). The answer says whether a secret is set, never what it is.
 */
export async function setWebhook({ ctx, input }: VerbArgs<z.output<typeof SetWebhookInput>>): Promise<Webhook | null> {
  return await ctx.database.transaction(async (tx) => {
    const project = await requireProject(tx, input.projectId);
    if (input.url === null) {
      await deleteWebhook(tx, project.id);
      return null;
    }
    const current = await findWebhookTarget(tx, project.id);
    return await saveWebhook(tx, project.id, {
      url: input.url,
      secret: input.secret === undefined ? (current?.secret ?? null) : input.secret,
      notify: input.notify ?? current?.notify ?? [...WEBHOOK_EVENTS],
    });
  });
}
