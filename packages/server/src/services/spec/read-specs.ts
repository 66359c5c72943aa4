import {
  findDocumentVersion,
  latestDocument,
  listApprovals,
  listDocumentVersions,
  listReviews,
  pageSpecs,
} from "@maestro/db";
import {
  type DocumentDiff,
  type ListSpecsInput,
  type Page,
  type Spec,
  type SpecDetail,
  type SpecDiffInput,
  type SpecDocumentVersion,
  type SpecRefInput,
  type SpecVersionsInput,
  decodeTimeCursor,
  encodeTimeCursor,
  diffDocuments,
  lintRequirements,
  notFound,
  parseTasksMarkdown,
  toTimePage,
} from "@maestro/domain";
import type { z } from "zod";
import { withinPageBytes } from "../page-bytes";
import { requireProject } from "../project/resolve-project";
import type { VerbArgs } from "../unit-of-work";
import { assertMayReadProject } from "../session/session-access";
import { documentPath } from "./spec-files";
import { requireSpec } from "./resolve-spec";
import { requireSpecProject } from "./save-version";

/** One page of specs (of a project, or all), oldest first. */
export async function listSpecs({ ctx, input }: VerbArgs<z.output<typeof ListSpecsInput>>): Promise<Page<Spec>> {
  const db = ctx.database.db;
  const projectId = input.projectId ? (await requireProject(db, input.projectId)).id : undefined;
  const fetched = await pageSpecs(db, { projectId, limit: input.limit + 1, after: decodeTimeCursor(input.cursor) });
  // A spec carries its request (up to 20,000 characters): a page ends at its bytes too.
  return withinPageBytes(toTimePage(fetched, input.limit), encodeTimeCursor);
}

/** The spec with each phase's current document, approvals, the review history and lint results. */
export async function getSpec({ ctx, input }: VerbArgs<SpecRefInput>): Promise<SpecDetail> {
  const db = ctx.database.db;
  // An agent reads the specs of its own project (what its tasks were planned from), no other: its
  // bare slug means its own project's spec, whatever other projects name theirs.
  const own = ctx.principal.kind === "agent" ? ctx.principal.projectId : undefined;
  const spec = await requireSpec(db, input.id, own);
  assertMayReadProject(ctx, spec.projectId);
  const project = await requireSpecProject(db, spec);
  const phases = await Promise.all(
    spec.phases.map(async (state) => {
      const document = await latestDocument(db, spec.id, state.phase);
      return {
        phase: state.phase,
        reviewState: state.reviewState,
        requiredApprovals: state.requiredApprovals,
        approvals: document ? await listApprovals(db, spec.id, state.phase, document.version) : [],
        version: document?.version ?? null,
        text: document?.text ?? null,
        author: document?.author ?? null,
        updatedAt: document?.createdAt ?? null,
        path: documentPath(project.rootDir, spec.slug, state.phase),
      };
    }),
  );
  const requirements = phases.find((phase) => phase.phase === "requirements")?.text;
  const tasks = phases.find((phase) => phase.phase === "tasks")?.text;
  return {
    ...spec,
    phases,
    reviews: await listReviews(db, spec.id),
    lint: requirements ? lintRequirements(requirements) : [],
    taskErrors: tasks ? parseTasksMarkdown(tasks).errors : [],
  };
}

/** Every version of one phase document, oldest first. */
/** A page of a document's versions, newest first; the cursor is the last version number given. */
export async function listVersions({
  ctx,
  input,
}: VerbArgs<z.output<typeof SpecVersionsInput>>): Promise<Page<SpecDocumentVersion>> {
  const spec = await requireSpec(ctx.database.db, input.id);
  const fetched = await listDocumentVersions(
    ctx.database.db,
    { specId: spec.id, phase: input.phase },
    { limit: input.limit + 1, before: input.cursor ? Number(input.cursor) : undefined },
  );
  const items = fetched.slice(0, input.limit);
  const hasMore = fetched.length > input.limit && items.length > 0;
  const cursorOf = (version: SpecDocumentVersion) => String(version.version);
  // A version holds its whole document (up to 256 KB): a page ends at its bytes too.
  return withinPageBytes({ items, nextCursor: hasMore ? cursorOf(items.at(-1)!) : null }, cursorOf);
}

/** The line diff between two versions (version 0 is the empty document). */
export async function diffVersions({
  ctx,
  input,
}: VerbArgs<SpecDiffInput>): Promise<DocumentDiff & { from: number; to: number }> {
  const db = ctx.database.db;
  const spec = await requireSpec(db, input.id);
  const textOf = async (version: number) => {
    if (version === 0) return "";
    const found = await findDocumentVersion(db, spec.id, input.phase, version);
    if (!found) throw notFound(`version of ${input.phase}.md`, String(version));
    return found.text;
  };
  const to = input.to ?? (await latestDocument(db, spec.id, input.phase))?.version ?? 0;
  const fromText = await textOf(input.from);
  const toText = await textOf(to);
  return { from: input.from, to, ...diffDocuments(fromText, toText) };
}
