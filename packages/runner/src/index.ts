export { createRunner } from "./runner";
export type { Runner, RunnerOptions } from "./runner";
export { buildAgentEnv, BASE_ENV_NAMES } from "./agent-env";
export { createOutputBatcher } from "./output-batcher";
export type { OutputBatcher } from "./output-batcher";
export type { OutputChunk } from "./output-queue";
export { groupOf, isAlive, stopProcessGroup } from "./process-group";
export type { StopResult } from "./process-group";
