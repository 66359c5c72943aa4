import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Metafile, build } from "esbuild";
import { describe, expect, it } from "vitest";
import { CLIENT_OPTIONS, LAZY_MODULES } from "../build.mjs";

// The CLI starts fast because its client bundle loads no server, database, runner, MCP SDK or
// WebSocket code (docs/architecture.md, "The CLI starts fast"). This test builds the client as
// `pnpm build` does and checks what dist/maestro.mjs loads before any command runs.

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const ENTRY = "dist/maestro.mjs";
/** Inputs no command may pay for at start: server, database, runner, MCP SDK, ws. */
const HEAVY = /^\.\.\/(server|db|runner)\/|better-sqlite3|drizzle-orm|@modelcontextprotocol|\/ws@/;

async function buildClient(overrides: Partial<typeof CLIENT_OPTIONS> = {}) {
  const result = await build({ ...CLIENT_OPTIONS, absWorkingDir: packageDir, write: false, ...overrides });
  return result.metafile!;
}

/** The outputs Node loads with the entry: it and every chunk it imports statically. */
function loadedAtStart(metafile: Metafile): string[] {
  const loaded = new Set<string>();
  const queue = [ENTRY];
  for (let output = queue.pop(); output !== undefined; output = queue.pop()) {
    if (loaded.has(output)) continue;
    loaded.add(output);
    for (const imported of metafile.outputs[output]!.imports) {
      if (imported.kind === "import-statement" && !imported.external) queue.push(imported.path);
    }
  }
  return [...loaded];
}

describe("the CLI's client bundle", () => {
  it("loads no server, database, runner, MCP SDK or ws code at start; those load lazily", async () => {
    const metafile = await buildClient();
    const outputs = loadedAtStart(metafile);
    const inputs = outputs.flatMap((output) =>
      Object.entries(metafile.outputs[output]!.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path]) => path),
    );
    expect(inputs.filter((path) => HEAVY.test(path))).toEqual([]);
    expect(inputs.some((path) => path.startsWith("src/commands/serve"))).toBe(true);
    const lazy = Object.values(metafile.outputs).flatMap((output) =>
      output.imports.filter((imported) => imported.kind === "dynamic-import" && imported.path.startsWith("./server/")),
    );
    expect(new Set(lazy.map((imported) => imported.path))).toEqual(new Set(Object.values(LAZY_MODULES)));
  }, 60_000);

  it("refuses client code that imports the server statically, or the database at all", async () => {
    const cases: Array<[source: string, rule: string]> = [
      ['import { startServer } from "@maestro/server"; console.log(startServer);', "await import()"],
      ['const db = await import("@maestro/db"); console.log(db);', "never loads the database"],
    ];
    for (const [source, rule] of cases) {
      const failed = buildClient({
        entryPoints: undefined,
        stdin: { contents: source, resolveDir: join(packageDir, "src"), loader: "ts" },
      });
      await expect(failed).rejects.toThrow(rule);
    }
  }, 60_000);
});
