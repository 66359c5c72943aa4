import { z } from "zod";
import { MAX_SPEC_DOCUMENT_CHARS, oversizeMessage } from "./spec-size";

/** EARS templates; `complex` combines several preconditions (WHILE … WHEN … THE SYSTEM SHALL …). */
export const EARS_PATTERNS = ["ubiquitous", "event", "state", "unwanted", "optional", "complex"] as const;
export type EarsPattern = (typeof EARS_PATTERNS)[number];

export const EARS_TEMPLATES: Record<EarsPattern, string> = {
  ubiquitous: "THE SYSTEM SHALL <response>",
  event: "WHEN <trigger> THE SYSTEM SHALL <response>",
  state: "WHILE <state> THE SYSTEM SHALL <response>",
  unwanted: "IF <condition> THEN THE SYSTEM SHALL <response>",
  optional: "WHERE <feature> THE SYSTEM SHALL <response>",
  complex: "WHILE <state> WHEN <trigger> THE SYSTEM SHALL <response>",
};

export interface RequirementCriterion {
  /** `1.1`, `1.2`, … */
  id: string;
  text: string;
  line: number;
}

export interface Requirement {
  id: string;
  title: string;
  line: number;
  criteria: RequirementCriterion[];
}

export const EarsIssue = z.object({
  line: z.number().int(),
  /** The criterion's number (`2.3`), or null for a problem with the numbering itself. */
  criterionId: z.string().nullable(),
  text: z.string(),
  /** The pattern the sentence tried to follow (from its first word). */
  pattern: z.enum(EARS_PATTERNS),
  message: z.string(),
});
export type EarsIssue = z.infer<typeof EarsIssue>;

export interface RequirementsDoc {
  requirements: Requirement[];
  /** Numbering problems (duplicates, criteria of unknown requirements). */
  errors: Array<{ line: number; message: string }>;
}

// Linear on any line: the rest of a line is taken whole (`[^]*`) and trimmed by stripMarkup,
// since `\s*(.*)$` is quadratic on a line ending in a U+2028.
const NUMBERED_HEADING = /^(#{1,6})\s+(?:Requirement\s+)?(\d+(?:\.\d+)*)[.:)]?([^]*)/i;
const HEADING = /^(#{1,6})\s+/;
const NUMBERED_ITEM = /^\s*(\d+(?:\.\d+)*)[.)]?\s+(\S[^]*)/;

/**
 * Reads numbered requirements: `### Requirement 1: Title` (or `### 1. Title`) headings whose
 * numbered list items are its criteria (`1.` → 1.1), or a plain list of `1. Title` with
 * `1.1 WHEN …` items.
 */
export function parseRequirements(text: string): RequirementsDoc {
  if (text.length > MAX_SPEC_DOCUMENT_CHARS) {
    return { requirements: [], errors: [{ line: 1, message: oversizeMessage("requirements.md", text) }] };
  }
  const requirements: Requirement[] = [];
  const errors: RequirementsDoc["errors"] = [];
  const byId = new Map<string, Requirement>();
  const seen = new Set<string>();
  let current: { requirement: Requirement; level: number } | null = null;
  const addRequirement = (id: string, title: string, line: number) => {
    if (byId.has(id)) {
      errors.push({ line, message: `requirement ${id} is numbered twice (first on line ${byId.get(id)!.line})` });
    }
    const requirement = { id, title: stripMarkup(title), line, criteria: [] };
    requirements.push(requirement);
    if (!byId.has(id)) byId.set(id, requirement);
    return requirement;
  };
  const lines = text.split(/\r?\n/);
  // With numbered headings, a numbered list outside them (an introduction) is not a requirement.
  const usesHeadings = lines.some((raw) => NUMBERED_HEADING.test(raw));
  lines.forEach((raw, index) => {
    const line = index + 1;
    const heading = NUMBERED_HEADING.exec(raw);
    if (heading) {
      current = { requirement: addRequirement(heading[2]!, heading[3]!, line), level: heading[1]!.length };
      return;
    }
    const plainHeading = HEADING.exec(raw);
    if (plainHeading) {
      if (current && plainHeading[1]!.length <= current.level) current = null;
      return;
    }
    const item = NUMBERED_ITEM.exec(raw);
    if (!item) return;
    const [, number, body] = item as unknown as [string, string, string];
    if (!number.includes(".") && !current) {
      if (!usesHeadings) addRequirement(number, body, line);
      return;
    }
    const id = number.includes(".") ? number : `${current!.requirement.id}.${number}`;
    const parentId = id.split(".").slice(0, -1).join(".");
    const owner = byId.get(parentId);
    if (!owner) {
      errors.push({ line, message: `criterion ${id} belongs to requirement ${parentId}, which does not exist` });
      return;
    }
    if (seen.has(id)) errors.push({ line, message: `criterion ${id} is numbered twice` });
    seen.add(id);
    owner.criteria.push({ id, text: stripMarkup(body), line });
  });
  return { requirements, errors };
}

function stripMarkup(text: string): string {
  return text.replace(/[*`]/g, "").replace(/\s+/g, " ").trim();
}

const LEAD: Record<string, EarsPattern> = { WHEN: "event", WHILE: "state", IF: "unwanted", WHERE: "optional" };

/**
 * Splits at the first SHALL and its subject: the last capital THE before it (EARS writes
 * keywords in capitals), else the last "the", so "the user" inside a trigger is not taken.
 */
function findMainClause(text: string): { before: string; response: string } | null {
  const shall = /\bSHALL\b/i.exec(text)!;
  const head = text.slice(0, shall.index);
  const capitals = [...head.matchAll(/\bTHE\b/g)];
  const any = [...head.matchAll(/\bthe\b/gi)];
  const subject = capitals[capitals.length - 1] ?? any[any.length - 1];
  if (!subject || head.slice(subject.index + 3).trim() === "") return null;
  return { before: head.slice(0, subject.index).trim(), response: text.slice(shall.index + 5).trim() };
}
const CLAUSE_KEYWORD = /\b(WHERE|WHILE|WHEN|IF|THEN)\b/g;

/** The pattern a sentence follows, and what breaks it (empty when it is well-formed). */
export function checkEars(sentence: string): { pattern: EarsPattern; problems: string[] } {
  const text = sentence.trim().replace(/\.$/, "");
  const lead = /^(WHEN|WHILE|IF|WHERE)\b/i.exec(text)?.[1]?.toUpperCase();
  const leadPattern: EarsPattern = lead ? LEAD[lead]! : "ubiquitous";
  if (!/\bSHALL\b/i.test(text)) {
    const weak = /\b(should|must|will|can|may)\b/i.exec(text)?.[1];
    return {
      pattern: leadPattern,
      problems: [weak ? `use SHALL, not ${weak.toUpperCase()}` : "missing THE <system> SHALL <response>"],
    };
  }
  const main = findMainClause(text);
  if (!main) return { pattern: leadPattern, problems: ["SHALL needs a subject: THE <system> SHALL <response>"] };
  const problems: string[] = [];
  if (main.response === "") problems.push("nothing after SHALL: say what the system does");
  const before = main.before.replace(/,$/, "").trim();
  if (!lead) {
    if (before !== "") problems.push(`"${before}" before THE … SHALL: start with WHEN, WHILE, IF or WHERE, or drop it`);
    return { pattern: "ubiquitous", problems };
  }
  const clauses = splitClauses(before);
  problems.push(...checkClauses(clauses));
  const kinds = new Set(clauses.filter((clause) => clause.keyword !== "THEN").map((clause) => clause.keyword));
  return { pattern: kinds.size > 1 ? "complex" : leadPattern, problems };
}

function splitClauses(text: string): Array<{ keyword: string; body: string }> {
  const clauses: Array<{ keyword: string; body: string }> = [];
  // Keywords in capitals only: a lowercase "when" inside a condition is just a word.
  const lead = /^(WHEN|WHILE|IF|WHERE)\b/i.exec(text)![1]!.toUpperCase();
  let rest = text.slice(lead.length);
  let keyword = lead;
  for (;;) {
    CLAUSE_KEYWORD.lastIndex = 0;
    const next = CLAUSE_KEYWORD.exec(rest);
    const body = (next ? rest.slice(0, next.index) : rest).trim().replace(/,$/, "").trim();
    clauses.push({ keyword, body });
    if (!next) return clauses;
    keyword = next[1]!;
    rest = rest.slice(next.index + keyword.length);
  }
}

function checkClauses(clauses: Array<{ keyword: string; body: string }>): string[] {
  const problems: string[] = [];
  const hasIf = clauses.some((clause) => clause.keyword === "IF");
  const thenAt = clauses.findIndex((clause) => clause.keyword === "THEN");
  for (const clause of clauses) {
    if (clause.keyword !== "THEN" && clause.body === "") {
      problems.push(`${clause.keyword} needs ${describeSlot(clause.keyword)}`);
    }
  }
  if (hasIf && thenAt < 0) problems.push("IF needs THEN before THE … SHALL (IF <condition> THEN THE SYSTEM SHALL …)");
  if (!hasIf && thenAt >= 0) problems.push("THEN without IF");
  if (thenAt >= 0 && clauses[thenAt]!.body !== "") problems.push("THEN must come right before THE … SHALL");
  return problems;
}

function describeSlot(keyword: string): string {
  switch (keyword) {
    case "WHEN":
      return "a trigger";
    case "WHILE":
      return "a state";
    case "IF":
      return "a condition";
    default:
      return "a feature";
  }
}

/** How much of a line an issue quotes. */
const MAX_ISSUE_TEXT_CHARS = 500;

/** Every acceptance criterion that breaks its EARS pattern, plus numbering problems. */
export function lintRequirements(text: string): EarsIssue[] {
  const doc = parseRequirements(text);
  const lines = doc.errors.length > 0 ? text.split(/\r?\n/) : [];
  const issues: EarsIssue[] = doc.errors.map((error) => ({
    line: error.line,
    criterionId: null,
    text: lines[error.line - 1]?.trim().slice(0, MAX_ISSUE_TEXT_CHARS) ?? "",
    pattern: "ubiquitous",
    message: error.message,
  }));
  for (const requirement of doc.requirements) {
    for (const criterion of requirement.criteria) {
      const { pattern, problems } = checkEars(criterion.text);
      for (const message of problems) {
        issues.push({ line: criterion.line, criterionId: criterion.id, text: criterion.text, pattern, message });
      }
    }
  }
  return issues.sort((a, b) => a.line - b.line);
}

/** Ids of every requirement and criterion (`1`, `1.1`, …), for references from tasks.md. */
export function requirementIds(doc: RequirementsDoc): string[] {
  return doc.requirements.flatMap((requirement) => [
    requirement.id,
    ...requirement.criteria.map((criterion) => criterion.id),
  ]);
}
