import type { ImportBundle, ImportFiles, ImportWarning, ImportedSpec, ParseOptions } from "./bundle";
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
} from "./markdown-lines";
import { parseSpecKitTasks, priorityLevel } from "./spec-kit-tasks";

/**
 * GitHub spec-kit: one `specs/<feature>/` folder becomes one spec and its tasks. spec.md is the
 * requirements document (checklists/* appended), plan.md the design document (research.md,
 * data-model.md, contracts/*, quickstart.md appended as sections), tasks.md the tasks document and
 * the tasks. The feature's id — its folder's name, also its git branch — comes from the folder
 * in the paths, else `options.folder`, else spec.md's `**Feature Branch**` line, plan.md's
 * `**Branch**`, tasks.md's `/specs/<feature>/`, else the name's slug.
 */

const MAIN_FILES = new Set(["spec.md", "plan.md", "tasks.md"]);
const DESIGN_FILES = ["research.md", "data-model.md"];
const FEATURE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

interface Feature {
  /** The feature folder's name when the paths carry it, else "". */
  folderName: string;
  /** Its files, by path relative to the feature folder. */
  files: Map<string, string>;
}

/** The one folder holding spec.md, plan.md or tasks.md; files outside it are reported. */
function locateFeature(files: ImportFiles, warnings: ImportWarning[]): Feature {
  const paths = Object.keys(files).map((path) => [path, cleanPath(path)] as const);
  const folders = new Set(paths.filter(([, path]) => MAIN_FILES.has(baseName(path))).map(([, path]) => folderOf(path)));
  if (folders.size === 0) {
    const listed = paths.slice(0, 5).map(([, path]) => path);
    throw invalidImport("spec-kit", `found no spec.md, plan.md or tasks.md among ${listed.join(", ")}`);
  }
  if (folders.size > 1) {
    const listed = [...folders].map((folder) => folder || "(top)").join(", ");
    throw invalidImport("spec-kit", `the files hold several features (${listed}); import one feature folder at a time`);
  }
  const folder = [...folders][0]!;
  const prefix = folder ? `${folder}/` : "";
  const feature: Feature = { folderName: baseName(folder), files: new Map() };
  for (const [original, path] of paths) {
    if (path.startsWith(prefix)) feature.files.set(path.slice(prefix.length), files[original]!);
    else warnings.push({ item: path, message: `left out: not inside the feature folder ${folder}` });
  }
  return feature;
}

/** `001-photo-albums` from `**Feature Branch**: \`001-photo-albums\`` (or `**Branch**: … | **Date**`). */
function branchOf(text: string | undefined): string | null {
  for (const raw of text === undefined ? [] : toLines(text)) {
    const line = raw.trim();
    const lower = line.toLowerCase();
    const label = ["**feature branch**:", "**branch**:"].find((start) => lower.startsWith(start));
    if (!label) continue;
    const value = line.slice(label.length).replace(/^[ \t`]+/, "");
    const end = value.search(/[ \t`|]/);
    const id = end < 0 ? value : value.slice(0, end);
    if (FEATURE_ID.test(id)) return id;
  }
  return null;
}

/** `001-photo-albums` from tasks.md's `**Input**: Design documents from \`/specs/001-photo-albums/\``. */
function inputFolderOf(text: string | undefined): string | null {
  const line = (text === undefined ? [] : toLines(text)).find((raw) =>
    raw.trim().toLowerCase().startsWith("**input**"),
  );
  const at = line?.indexOf("/specs/") ?? -1;
  if (!line || at < 0) return null;
  const rest = line.slice(at + "/specs/".length);
  const end = rest.search(/[/`\s]/);
  const id = end < 0 ? rest : rest.slice(0, end);
  return FEATURE_ID.test(id) ? id : null;
}

/** The first `# ` heading's text after its `Feature Specification:`-style label, unless a placeholder. */
function titleOf(text: string | undefined): string | null {
  const heading = (text === undefined ? [] : toLines(text)).map(readHeading).find((found) => found?.level === 1);
  if (!heading) return null;
  const colon = heading.text.indexOf(":");
  const name = (colon < 0 ? heading.text : heading.text.slice(colon + 1)).trim();
  return name === "" || (name.startsWith("[") && name.endsWith("]")) ? null : name;
}

function identify(feature: Feature, options: ParseOptions): { sourceId: string; name: string } {
  const doc = (path: string) => feature.files.get(path);
  const name = titleOf(doc("spec.md")) ?? titleOf(doc("plan.md")) ?? titleOf(doc("tasks.md"));
  const folder = options.folder?.trim();
  const sourceId =
    (feature.folderName || null) ??
    (folder && FEATURE_ID.test(folder) ? folder : null) ??
    branchOf(doc("spec.md")) ??
    branchOf(doc("plan.md")) ??
    inputFolderOf(doc("tasks.md")) ??
    (name && idOfName(name) ? idOfName(name) : null);
  if (!sourceId) {
    throw invalidImport(
      "spec-kit",
      "cannot tell the feature's name: import its folder (specs/<feature>), or give spec.md a `**Feature Branch**:` line or a `# Feature Specification: <name>` heading",
    );
  }
  return { sourceId, name: name ?? sourceId };
}

/** The files in the order they join a document, those absent or empty dropped (empty with a warning). */
function present(feature: Feature, paths: readonly string[], warnings: ImportWarning[]): [string, string][] {
  const found: [string, string][] = [];
  for (const path of paths) {
    const text = feature.files.get(path);
    if (text === undefined) continue;
    if (text.trim() === "") warnings.push({ item: path, message: "empty; left out" });
    else found.push([path, text]);
  }
  return found;
}

function buildDocuments(feature: Feature, warnings: ImportWarning[]): ImportedSpec["documents"] {
  const all = [...feature.files.keys()].sort();
  const under = (folder: string) => all.filter((path) => path.startsWith(`${folder}/`));
  const requirementsFiles = present(feature, ["spec.md", ...under("checklists")], warnings);
  const designFiles = present(feature, ["plan.md", ...DESIGN_FILES, ...under("contracts"), "quickstart.md"], warnings);
  const [tasks] = present(feature, ["tasks.md"], warnings);
  const used = new Set([...requirementsFiles, ...designFiles, ...(tasks ? [tasks] : [])].map(([path]) => path));
  for (const path of all) {
    if (!used.has(path) && feature.files.get(path)!.trim() !== "") {
      warnings.push({ item: path, message: "left out: not a spec-kit document Maestro reads" });
    }
  }
  const join = (files: [string, string][], main: string) => {
    const [first, ...rest] = files;
    if (!first) return undefined;
    return first[0] === main
      ? appendSections(normalizeText(first[1]), rest, warnings)
      : appendSections(undefined, files, warnings);
  };
  const documents: ImportedSpec["documents"] = {};
  const requirements = join(requirementsFiles, "spec.md");
  const design = join(designFiles, "plan.md");
  if (requirements !== undefined) documents.requirements = requirements;
  if (design !== undefined) documents.design = design;
  if (tasks) documents.tasks = normalizeText(tasks[1]);
  return documents;
}

/** Story number → priority level, from spec.md's `### User Story 2 - … (Priority: P2)` headings. */
function storyPriorities(spec: string | undefined): Map<string, number> {
  const priorities = new Map<string, number>();
  for (const raw of spec === undefined ? [] : toLines(spec)) {
    const heading = readHeading(raw);
    const story = heading ? /^User Story (\d{1,4})\b/i.exec(heading.text) : null;
    const level = heading && story ? priorityLevel(heading.text) : null;
    if (story && level !== null) priorities.set(story[1]!, level);
  }
  return priorities;
}

function reportMissing(feature: Feature, warnings: ImportWarning[]): void {
  const missing: [string, string][] = [
    ["spec.md", "the spec has no requirements document"],
    ["plan.md", "the design document is only what the other design files hold, if any"],
    ["tasks.md", "no tasks are imported"],
  ];
  for (const [path, effect] of missing) {
    if (!feature.files.has(path)) warnings.push({ item: path, message: `not found: ${effect}` });
  }
}

export function parseSpecKit(files: ImportFiles, options: ParseOptions): ImportBundle {
  const warnings: ImportWarning[] = [];
  const feature = locateFeature(files, warnings);
  const { sourceId, name } = identify(feature, options);
  reportMissing(feature, warnings);
  const documents = buildDocuments(feature, warnings);
  const context = { specSourceId: sourceId, storyPriorities: storyPriorities(feature.files.get("spec.md")) };
  const tasks = documents.tasks === undefined ? [] : parseSpecKitTasks(documents.tasks, context, warnings);
  if (documents.tasks !== undefined && tasks.length === 0) {
    warnings.push({ item: "tasks.md", message: "holds no task lines (`- [ ] T001 …`): no tasks are imported" });
  }
  return {
    format: "spec-kit",
    source: `spec-kit:${sourceId}`,
    tasks,
    specs: [{ sourceId, name, documents }],
    steering: [],
    warnings,
  };
}
