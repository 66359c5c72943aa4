export { inputArbitrary } from "./arbitrary-input";
export type { FuzzContext } from "./arbitrary-input";
export { type FuzzServer, type FuzzTarget, type UntypedClient, makeFuzzTarget } from "./fuzz-target";
export { type FuzzRun, fuzzProcedure } from "./fuzz-procedure";
export { type Outcome, type Procedure, listProcedures } from "./procedures";
