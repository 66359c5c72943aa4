import type { BuildOptions } from "esbuild";

/** The client build's options (build.mjs), for test/client-bundle.test.ts. */
export declare const CLIENT_OPTIONS: BuildOptions;
/** What the client loads lazily, and the file of the server build that provides it. */
export declare const LAZY_MODULES: Record<string, string>;
