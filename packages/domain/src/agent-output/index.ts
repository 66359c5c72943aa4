export { AgentEvent } from "./events";
export { createOutputParser } from "./parser";
export type { ParseContext } from "./parser";
export { isMissingConversation, parseClaudeLine } from "./claude";
export { parseCodexLine } from "./codex";
export { parseOpencodeLine } from "./opencode";
export { parseTextLine } from "./text";
export { detectUsageLimit } from "./usage-limit";
