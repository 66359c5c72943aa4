import { latestForWrite } from "./latest-for-write";
import {} from "@maestro/db";
import { DomainError, type EditSpecInput, type Spec } from "@maestro/domain";
import type { z } from "zod";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { requireSpec } from "./resolve-spec";
import { assertDiskInSync, requireSpecProject, saveVersion } from "./save-version";

/** A new version written through the API; refused if the document moved on since `baseVersion`. */
export async function editSpec({ ctx, input }: VerbArgs<z.output<typeof EditSpecInput>>): Promise<Spec> {
  return await inTransaction(ctx, async (tx, record) => {
    const spec = await requireSpec(tx, input.id);
    const latest = await latestForWrite(tx, spec.id, input.phase);
    const current = latest?.version ?? 0;
    if (input.baseVersion !== undefined && input.baseVersion !== current) {
      throw new DomainError(
        "VERSION_CONFLICT",
        `${input.phase}.md is at version ${current}, not ${input.baseVersion}: someone changed it since you started; reload and edit again`,
        { field: "baseVersion", currentVersion: current },
      );
    }
    assertDiskInSync(await requireSpecProject(tx, spec), spec, input.phase, latest);
    const saved = await saveVersion(tx, record, {
      spec,
      phase: input.phase,
      text: input.text,
      author: ctx.actor,
      source: "api",
    });
    return saved?.spec ?? spec;
  });
}
