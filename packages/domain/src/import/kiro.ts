import type {
  ImportBundle,
  ImportFiles,
  ImportWarning,
  ImportedSpec,
  ImportedSteering,
  ImportedTask,
  ParseOptions,
} from "./bundle";
import { STEERING_NAME_PATTERN } from "../spec";
import { parseKiroTasks } from "./kiro-tasks";
import {
  appendSections,
  baseName,
  cleanPath,
  folderOf,
  idOfName,
  invalidImport,
  normalizeText,
  readHeading,
  toLines,
  trimEnds,
} from "./markdown-lines";

/**
 * Kiro: a spec folder (`.kiro/specs/<feature>/` with requirements.md — or bugfix.md —, design.md,
 * tasks.md), or a whole `.kiro/` (or `specs/`) folder: every folder holding those files is a spec
 * named after its path under specs/, and `steering/*.md` are steering documents. The source is
 * always `kiro` and task ids carry the spec (`photo-albums/2.1`), so importing one spec and later
 * the whole folder matches the same items. A spec folder given alone is named by
 * `options.folder`, else by its first heading's `…: <name>`.
 */

const DOCUMENT_OF: Readonly<Record<string, keyof ImportedSpec["documents"]>> = {
  "requirements.md": "requirements",
  "bugfix.md": "requirements",
  "design.md": "design",
  "tasks.md": "tasks",
};
const FEATURE_ID = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}(?:\/[A-Za-z0-9_][A-Za-z0-9._-]{0,99}){0,3}$/;

interface Layout {
  /** Spec folder (relative to specs/, "" for files at the top) → file name → text. */
  specs: Map<string, Map<string, string>>;
  steering: [string, string][];
}

/** Sorts every file into a spec folder or steering; anything else is reported and left out. */
function readLayout(files: ImportFiles, warnings: ImportWarning[]): Layout {
  const layout: Layout = { specs: new Map(), steering: [] };
  for (const [original, text] of Object.entries(files)) {
    const path = cleanPath(original).replace(/^\.kiro\//, "");
    const name = baseName(path);
    if (folderOf(path) === "steering" && name.toLowerCase().endsWith(".md")) {
      layout.steering.push([name.slice(0, -3), text]);
    } else if (DOCUMENT_OF[name]) {
      const folder = folderOf(path).replace(/^specs(?:\/|$)/, "");
      const spec = layout.specs.get(folder) ?? new Map<string, string>();
      spec.set(name, text);
      layout.specs.set(folder, spec);
    } else {
      warnings.push({ item: path, message: "left out: not a Kiro spec document or steering file" });
    }
  }
  return layout;
}

/** The part after `Requirements Document:` in the first heading of any document, or null. */
function namedHeading(documents: ReadonlyMap<string, string>): string | null {
  for (const name of ["requirements.md", "bugfix.md", "design.md", "tasks.md"]) {
    const text = documents.get(name);
    const heading =
      text === undefined
        ? null
        : toLines(text)
            .map(readHeading)
            .find((found) => found?.level === 1);
    const colon = heading ? heading.text.indexOf(":") : -1;
    const named = colon < 0 ? "" : heading!.text.slice(colon + 1).trim();
    if (named) return named;
  }
  return null;
}

/** `photo-albums` → `Photo albums`. */
function humanize(folder: string): string {
  const words = baseName(folder).replace(/[-_]+/g, " ").trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : folder;
}

function identify(folder: string, documents: ReadonlyMap<string, string>, options: ParseOptions) {
  const heading = namedHeading(documents);
  const given = options.folder?.trim();
  const sourceId =
    folder ||
    (given && FEATURE_ID.test(given) ? given : null) ||
    (heading && idOfName(heading) ? idOfName(heading) : null);
  if (!sourceId) {
    throw invalidImport(
      "kiro",
      "cannot tell this spec's name: import its folder (.kiro/specs/<feature>) or the .kiro folder, or name it in the first heading (`# Requirements Document: Photo albums`)",
    );
  }
  if (!FEATURE_ID.test(sourceId)) throw invalidImport("kiro", `specs/${sourceId}: the folder name cannot be a spec id`);
  return { sourceId, name: heading ?? humanize(sourceId) };
}

function buildSpec(
  sourceId: string,
  name: string,
  documents: ReadonlyMap<string, string>,
  warnings: ImportWarning[],
): ImportedSpec {
  const spec: ImportedSpec = { sourceId, name, documents: {} };
  for (const file of Object.keys(DOCUMENT_OF)) {
    const text = documents.get(file);
    if (text === undefined) continue;
    if (text.trim() === "") {
      warnings.push({ item: `${sourceId}/${file}`, message: "empty; left out" });
      continue;
    }
    const phase = DOCUMENT_OF[file]!;
    const existing = spec.documents[phase];
    // requirements.md and bugfix.md in one folder: the second joins the first as a section.
    spec.documents[phase] =
      existing === undefined
        ? normalizeText(text)
        : appendSections(existing, [[`${sourceId}/${file}`, text]], warnings);
  }
  return spec;
}

/** A steering name Maestro takes (letters, digits, `.`, `_`, `-`): `tech stack` → `tech-stack`, with a warning. */
function steeringName(file: string, warnings: ImportWarning[]): string {
  if (STEERING_NAME_PATTERN.test(`${file}.md`)) return file;
  const name = trimEnds(file.replace(/[^A-Za-z0-9._-]+/g, "-"), "-._").slice(0, 99) || "steering";
  warnings.push({
    item: `steering/${file}.md`,
    message: `imported as ${name}.md (Maestro's steering names are letters, digits, dots, dashes)`,
  });
  return name;
}

/**
 * Kiro's steering front matter (`inclusion: fileMatch`) has no Maestro counterpart — every steering
 * document goes into every prompt — so it is taken off, with a warning unless it said `always`.
 */
function readSteering(file: string, text: string, warnings: ImportWarning[]): ImportedSteering {
  const name = steeringName(file, warnings);
  const lines = toLines(text);
  if (lines[0]?.trim() !== "---") return { name, content: normalizeText(text) };
  const end = lines.indexOf("---", 1);
  if (end < 0) return { name, content: normalizeText(text) };
  const inclusion = lines.slice(1, end).find((line) => line.trim().toLowerCase().startsWith("inclusion:"));
  const mode = inclusion?.slice(inclusion.indexOf(":") + 1).trim() ?? "always";
  if (mode !== "always") {
    warnings.push({
      item: `steering/${name}.md`,
      message: `inclusion "${mode}" in Kiro; Maestro gives every steering document to every task`,
    });
  }
  return {
    name,
    content: lines
      .slice(end + 1)
      .join("\n")
      .trimStart(),
  };
}

export function parseKiro(files: ImportFiles, options: ParseOptions): ImportBundle {
  const warnings: ImportWarning[] = [];
  const layout = readLayout(files, warnings);
  if (layout.specs.size === 0 && layout.steering.length === 0) {
    throw invalidImport("kiro", "found no requirements.md, design.md, tasks.md or steering/*.md");
  }
  const specs: ImportedSpec[] = [];
  const tasks: ImportedTask[] = [];
  for (const [folder, documents] of [...layout.specs].sort(([a], [b]) => a.localeCompare(b))) {
    const { sourceId, name } = identify(folder, documents, options);
    specs.push(buildSpec(sourceId, name, documents, warnings));
    const text = documents.get("tasks.md");
    // A loop, not push(...): one tasks.md can hold 150,000 tasks, past what a call's arguments take.
    if (text !== undefined) for (const task of parseKiroTasks(text, sourceId, warnings)) tasks.push(task);
  }
  const steering = layout.steering
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, text]) => readSteering(name, text, warnings));
  return { format: "kiro", source: "kiro", tasks, specs, steering, warnings };
}
