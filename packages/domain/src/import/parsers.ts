import { DomainError } from "../errors";
import { parseAgentMaestro } from "./agent-maestro";
import { parseBacklog } from "./backlog";
import type { ImportFormat, ImportParser } from "./bundle";
import { parseMaestroJson } from "./maestro-json";
import { parseTaskmaster } from "./taskmaster";

/** Each format's parser, one line each (taskmaster.ts, spec-kit.ts, kiro.ts, backlog.ts, agent-maestro.ts, json.ts). */
const PARSERS: Partial<Record<ImportFormat, ImportParser>> = {
  taskmaster: parseTaskmaster,
  json: parseMaestroJson,
  backlog: parseBacklog,
  "agent-maestro": parseAgentMaestro,
};

export function parserOf(format: ImportFormat): ImportParser {
  const parser = PARSERS[format];
  if (!parser) throw new DomainError("INVALID_INPUT", `format: ${format} cannot be imported yet`);
  return parser;
}
