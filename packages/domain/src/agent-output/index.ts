export { AgentEvent } from "./events";
export { createOutputParser } from "./parser";
export { parseClaudeLine } from "./claude";
export { parseCodexLine } from "./codex";
export { parseOpencodeLine } from "./opencode";
export { parseTextLine } from "./text";
export { detectUsageLimit } from "./usage-limit";
