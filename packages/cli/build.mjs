// Bundles the CLI in two builds, so that `maestro task list` parses and runs a fraction of the
// code `maestro serve` needs (docs/architecture.md, "The CLI starts fast"):
// - dist/maestro.mjs (+ dist/*-[hash].mjs): the client. It may load the server, the runner and
//   the MCP SDK only with `await import()`, which points at the second build; a static import of
//   them, or any import of the database, fails this build.
// - dist/server/{server,runner,mcp-stdio}.mjs (+ dist/server/chunks/): what import loads lazily,
//   and dist/server/maestro.mjs, the whole CLI on the same chunks, which bin/maestro.js runs for
//   the long-running serve, runner and mcp. better-sqlite3 stays external (native).
// One build with code splitting cannot do this: esbuild would put every domain module the
// server uses into a chunk the client entry imports, because both reach the domain's index.
// dist/meta.json (the client build's metafile) feeds test/client-bundle.test.ts.
import { rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { build } from "esbuild";

/** What the client may load lazily, and the file of the server build that provides it. */
export const LAZY_MODULES = {
  "@maestro/server": "./server/server.mjs",
  "@maestro/runner": "./server/runner.mjs",
  "@modelcontextprotocol/sdk/server/stdio.js": "./server/mcp-stdio.mjs",
};

/** What the client never loads, not even lazily (the server build has them). */
const NEVER_IN_CLIENT = /^(@maestro\/db|better-sqlite3|drizzle-orm|pg)(\/|$)/;

const COMMON = {
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outExtension: { ".js": ".mjs" },
  external: ["better-sqlite3"],
  logLevel: "warning",
  // Bundled CommonJS dependencies still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
};

/** Points the client's `await import("@maestro/server")` at the server build; refuses the rest. */
const clientBoundary = {
  name: "client-boundary",
  setup(esbuild) {
    esbuild.onResolve(
      { filter: /^@maestro\/(server|runner|db)$|^@modelcontextprotocol\/|^better-sqlite3$|^drizzle-orm/ },
      (args) => {
        const lazy = LAZY_MODULES[args.path];
        if (lazy && args.kind === "dynamic-import") return { path: lazy, external: true };
        const rule = NEVER_IN_CLIENT.test(args.path)
          ? "the CLI client never loads the database"
          : "the CLI client loads it only with `await import()` inside the command that needs it";
        return { errors: [{ text: `${args.importer} imports ${args.path}: ${rule} (docs/architecture.md)` }] };
      },
    );
  },
};

/**
 * zod bundles every locale (~360 KiB, a third of the client) behind `z.locales`, which Maestro
 * never reads: the client gets English only, the language zod's messages already default to.
 */
const englishOnlyZod = {
  name: "english-only-zod",
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer)
        ? { path: args.path, namespace: "zod-locales", pluginData: args.resolveDir }
        : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(`${args.pluginData}/../locales/en.js`)};`,
      resolveDir: args.pluginData,
    }));
  },
};

/**
 * tRPC's httpLink asks `input instanceof FormData` on every call, and on Node 20 reading the
 * global FormData loads undici (~40 MiB, ~30 ms), which the CLI's own fetch (src/http-fetch.ts)
 * exists to avoid. The same question, asked by the tag every FormData carries.
 */
const formDataByTag = {
  name: "form-data-by-tag",
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]@trpc[\\/]client[\\/]dist[\\/]httpLink-[^\\/]+\.mjs$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const patched = source.replace(
        "input instanceof FormData",
        'Object.prototype.toString.call(input) === "[object FormData]"',
      );
      if (patched === source) return { errors: [{ text: `${args.path}: no \`instanceof FormData\` to replace` }] };
      return { contents: patched, loader: "js" };
    });
  },
};

export const CLIENT_OPTIONS = {
  ...COMMON,
  entryPoints: { maestro: "src/main.ts" },
  outdir: "dist",
  chunkNames: "[name]-[hash]",
  metafile: true,
  plugins: [clientBoundary, englishOnlyZod, formDataByTag],
};

const SERVER_OPTIONS = {
  ...COMMON,
  entryPoints: {
    ...Object.fromEntries(
      Object.entries(LAZY_MODULES).map(([specifier, file]) => [file.replace(/^\.\/server\/|\.mjs$/g, ""), specifier]),
    ),
    // The whole CLI once more, sharing this build's chunks: bin/maestro.js runs it for serve,
    // runner and mcp, which would otherwise hold two copies of zod, the domain and tRPC's client.
    maestro: "src/main.ts",
  },
  outdir: "dist/server",
  chunkNames: "chunks/[name]-[hash]",
};

/** Our own source files both builds read (paths relative to this package): bin/maestro.js checks their mtimes. */
function sourceInputs(...metafiles) {
  const paths = metafiles.flatMap((metafile) => Object.keys(metafile.inputs));
  const ours = paths.filter((path) => !path.includes("node_modules") && !path.includes(":"));
  return [...new Set(["build.mjs", ...ours])].sort();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  rmSync("dist", { recursive: true, force: true });
  const [client, server] = await Promise.all([
    build({ ...CLIENT_OPTIONS, sourcemap: "linked" }),
    build({ ...SERVER_OPTIONS, sourcemap: "linked", metafile: true }),
  ]);
  writeFileSync("dist/meta.json", JSON.stringify(client.metafile));
  writeFileSync("dist/inputs.json", JSON.stringify(sourceInputs(client.metafile, server.metafile)));
}
