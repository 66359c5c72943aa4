export { groupOf, isAlive, stopProcessGroup } from "./process-group";
export type { StopResult } from "./process-group";
