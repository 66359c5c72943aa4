import { ExportInput } from "@maestro/domain";
import { exportProject } from "../services/export/export-project";
import { publicProcedure, router } from "../trpc";

/** A project's graph as a file (owner only). */
export const exportRouter = router({
  run: publicProcedure.input(ExportInput).query(async ({ ctx, input }) => await exportProject({ ctx, input })),
});
