import { ImportInput } from "@maestro/domain";
import { applyImport } from "../services/import/apply-import";
import { previewImport } from "../services/import/preview-import";
import { publicProcedure, router } from "../trpc";

/** Imports from other tools' files (owner only). `preview` is a mutation because its input carries whole files. */
export const importRouter = router({
  preview: publicProcedure.input(ImportInput).mutation(async ({ ctx, input }) => await previewImport({ ctx, input })),
  run: publicProcedure.input(ImportInput).mutation(async ({ ctx, input }) => await applyImport({ ctx, input })),
});
