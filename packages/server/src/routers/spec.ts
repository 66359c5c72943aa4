import {
  CreateSpecInput,
  EditSpecInput,
  GenerateSpecInput,
  ListSpecsInput,
  ReviewSpecInput,
  SpecDiffInput,
  SpecRefInput,
  SpecVersionsInput,
  TasksPreviewInput,
} from "@maestro/domain";
import { createSpec } from "../services/spec/create-spec";
import { editSpec } from "../services/spec/edit-spec";
import { generateSpec } from "../services/spec/generate-spec";
import { diffVersions, getSpec, listSpecs, listVersions } from "../services/spec/read-specs";
import { approveSpec, rejectSpec, submitSpec } from "../services/spec/review-spec";
import { previewTasks, traceSpec } from "../services/spec/spec-insight";
import { syncSpec } from "../services/spec/sync-spec";
import { agentProcedure, publicProcedure, router } from "../trpc";

export const specRouter = router({
  list: publicProcedure.input(ListSpecsInput).query(async ({ ctx, input }) => await listSpecs({ ctx, input })),
  byId: agentProcedure.input(SpecRefInput).query(({ ctx, input }) => getSpec({ ctx, input })),
  create: publicProcedure.input(CreateSpecInput).mutation(({ ctx, input }) => createSpec({ ctx, input })),
  /** A new version of a phase document; CONFLICT if it moved on since `baseVersion` or on disk. */
  edit: publicProcedure.input(EditSpecInput).mutation(async ({ ctx, input }) => await editSpec({ ctx, input })),
  /** An agent drafts a phase (as analyst, architect or planner); its file becomes the next version. */
  generate: publicProcedure.input(GenerateSpecInput).mutation(({ ctx, input }) => generateSpec({ ctx, input })),
  versions: publicProcedure.input(SpecVersionsInput).query(({ ctx, input }) => listVersions({ ctx, input })),
  diff: publicProcedure.input(SpecDiffInput).query(({ ctx, input }) => diffVersions({ ctx, input })),
  submit: publicProcedure.input(ReviewSpecInput).mutation(({ ctx, input }) => submitSpec({ ctx, input })),
  approve: publicProcedure.input(ReviewSpecInput).mutation(({ ctx, input }) => approveSpec({ ctx, input })),
  /** Requests changes, with the reviewer's comment. */
  reject: publicProcedure.input(ReviewSpecInput).mutation(({ ctx, input }) => rejectSpec({ ctx, input })),
  /** Disk → versions: each document file edited outside Maestro becomes a new version. */
  sync: publicProcedure.input(SpecRefInput).mutation(({ ctx, input }) => syncSpec({ ctx, input })),
  tasksPreview: publicProcedure
    .input(TasksPreviewInput)
    .query(async ({ ctx, input }) => await previewTasks({ ctx, input })),
  traceability: publicProcedure.input(SpecRefInput).query(({ ctx, input }) => traceSpec({ ctx, input })),
});
