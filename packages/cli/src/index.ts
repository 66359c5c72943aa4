export { runCli } from "./program";
export { createMaestroClient } from "./client";
export type { MaestroClient } from "./client";
export type { Io } from "./output";
