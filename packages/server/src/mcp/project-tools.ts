import { EntityRef, PageLimit, TimeCursor } from "@maestro/domain";
import { type McpTool, defineTool } from "./tool-kit";

export const listProjectsTool = defineTool({
  name: "list_projects",
  tier: "all",
  readOnly: true,
  description:
    "The projects Maestro knows (id, key, name, folder), oldest first, a page at a time: { projects, nextCursor }; " +
    "pass nextCursor back as `cursor` for the next page (null: no more).",
  input: {
    limit: PageLimit.describe("projects per page (default 100, at most 500)"),
    cursor: TimeCursor.describe("nextCursor of the previous page"),
  },
  run: async (ctx, args) => {
    const page = await ctx.api.listProjects({ limit: args.limit, cursor: args.cursor });
    const projects = page.items.map(({ id, key, name, rootDir }) => ({ id, key, name, rootDir }));
    return { projects, nextCursor: page.nextCursor };
  },
});

export const getSpecTool = defineTool({
  name: "get_spec",
  tier: "core",
  readOnly: true,
  description: "A spec's documents (requirements, design, tasks): each one's latest text and review state.",
  input: { spec: EntityRef.describe("spec id, slug, or <project>/<slug>") },
  run: async (ctx, args) => {
    const spec = await ctx.api.getSpec({ id: args.spec });
    const documents = spec.phases.map(({ phase, reviewState, version, text }) => ({
      phase,
      reviewState,
      version,
      text,
    }));
    return { id: spec.id, slug: spec.slug, name: spec.name, phase: spec.phase, status: spec.status, documents };
  },
});

export const PROJECT_TOOLS: McpTool[] = [listProjectsTool, getSpecTool];
