import { resolve } from "node:path";
import { type Db, findProjectByKey, insertProject, isProjectKeyTaken } from "@maestro/db";
import {
  type CreateProjectInput,
  DEFAULT_PROJECT_SETTINGS,
  DomainError,
  type Project,
  type ProjectSettings,
  suggestProjectKey,
} from "@maestro/domain";
import type { z } from "zod";
import type { Context } from "../../context";
import { retryTakenSuggestion } from "../taken-suggestion";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { withDefaultTargetBranch } from "./default-target-branch";
import { assertRemoteSettings } from "./remote-settings";

/** An explicit key must be free; a suggested one gets a number until it is (DEMO, DEMO2, …). */
async function pickKey(db: Db, name: string, requested: string | undefined): Promise<string> {
  if (requested) {
    const owner = await findProjectByKey(db, requested);
    if (owner) {
      throw new DomainError("ALREADY_EXISTS", `project key ${requested} is already used by "${owner.name}"`, {
        field: "key",
      });
    }
    return requested;
  }
  const base = suggestProjectKey(name).slice(0, 8);
  for (let n = 1; ; n++) {
    const key = n === 1 ? base : `${base}${n}`;
    if (!(await isProjectKeyTaken(db, key))) return key;
  }
}

export async function createProject({ ctx, input }: VerbArgs<z.output<typeof CreateProjectInput>>): Promise<Project> {
  const settings = await withDefaultTargetBranch(
    { ...DEFAULT_PROJECT_SETTINGS, ...input.settings },
    { rootDir: input.rootDir, wasOn: false },
  );
  assertRemoteSettings(settings);
  const create = () => insertNewProject(ctx, input, settings);
  return input.key ? await create() : await retryTakenSuggestion("key", create);
}

async function insertNewProject(
  ctx: Context,
  input: z.output<typeof CreateProjectInput>,
  settings: ProjectSettings,
): Promise<Project> {
  return await inTransaction(ctx, async (tx, record) => {
    const project = await insertProject(tx, {
      key: await pickKey(tx, input.name, input.key),
      name: input.name,
      rootDir: resolve(input.rootDir),
      description: input.description,
      settings,
    });
    record({
      kind: "project.created",
      entity: "project",
      entityId: project.id,
      projectId: project.id,
      payload: { project },
    });
    return project;
  });
}
