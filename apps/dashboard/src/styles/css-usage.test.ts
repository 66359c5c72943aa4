import { describe, expect, it } from "vitest";

/*
 * Stylesheets and markup agree: every class a sheet defines is used and every class the markup
 * names is defined. Base sheets (here) hold the global classes, each in one sheet; a component's
 * CSS module is read as `styles.name` by the files that import it.
 */

const baseSheets = import.meta.glob<string>("./*.css", { query: "?raw", import: "default", eager: true });
const moduleSheets = import.meta.glob<string>("../**/*.module.css", { query: "?raw", import: "default", eager: true });
const sources = import.meta.glob<string>("../**/*.tsx", { query: "?raw", import: "default", eager: true });

/** Class selectors of a sheet; `:global(.x)` references in a module are not its own classes. */
function definedClasses(css: string): Set<string> {
  const selectors = css
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/:global\([^)]*\)/g, "")
    .replace(/\{[^{}]*\}/g, "{}");
  return new Set([...selectors.matchAll(/\.(-?[a-zA-Z_][\w-]*)/g)].map((match) => match[1]!));
}

/** The text between `{` at `start` and its matching `}`. */
function braced(source: string, start: number): string {
  let depth = 0;
  for (let at = start; at < source.length; at += 1) {
    if (source[at] === "{") depth += 1;
    if (source[at] === "}" && --depth === 0) return source.slice(start + 1, at);
  }
  return "";
}

/** Global class names written in `className` attributes: string literals and template text. */
function globalClassNames(source: string): string[] {
  const names: string[] = [];
  for (const match of source.matchAll(/className=("([^"]*)"|\{)/g)) {
    const expression = match[2] ?? braced(source, match.index + "className=".length);
    const literals = [...expression.matchAll(/"([^"]*)"|`([^`]*)`/g)].map((m) =>
      (m[1] ?? m[2]!).replace(/\$\{[^}]*\}/g, " "),
    );
    names.push(...(match[2] !== undefined ? [match[2]] : literals).flatMap((text) => text.split(/\s+/)));
  }
  return names.filter((name) => name !== "");
}

function resolvePath(from: string, relative: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const part of relative.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== ".") parts.push(part);
  }
  return parts.join("/");
}

/** For each module sheet: the class names the files importing it read. */
function moduleUses(): Map<string, Set<string>> {
  const uses = new Map<string, Set<string>>();
  for (const [file, source] of Object.entries(sources)) {
    const code = source.replace(/^import .*$/gm, "");
    for (const [, binding, path] of source.matchAll(/^import (\w+) from "(\.[^"]+\.module\.css)";$/gm)) {
      const sheet = resolvePath(file, path!);
      const names = uses.get(sheet) ?? new Set<string>();
      for (const use of code.matchAll(new RegExp(`\\b${binding}\\.([a-zA-Z]\\w*)`, "g"))) names.add(use[1]!);
      uses.set(sheet, names);
    }
  }
  return uses;
}

const globalClasses = Object.values(baseSheets).flatMap((css) => [...definedClasses(css)]);
const globalSet = new Set(globalClasses);
const writtenGlobals = Object.values(sources).flatMap(globalClassNames);
const referencedFromModules = Object.values(moduleSheets).flatMap((css) =>
  [...css.matchAll(/:global\(\.([\w-]+)\)/g)].map((match) => match[1]!),
);

describe("base sheets", () => {
  it("define each global class in one sheet only", () => {
    const twice = globalClasses.filter((name, index) => globalClasses.indexOf(name) !== index);
    expect(twice).toEqual([]);
  });

  it("define only classes the markup uses", () => {
    const used = new Set([...writtenGlobals, ...referencedFromModules]);
    expect([...globalSet].filter((name) => !used.has(name))).toEqual([]);
  });

  it("define every global class the markup and modules name", () => {
    const unknown = [...writtenGlobals, ...referencedFromModules].filter((name) => !globalSet.has(name));
    expect([...new Set(unknown)]).toEqual([]);
  });
});

describe("CSS modules", () => {
  const uses = moduleUses();

  it("are each imported by a component", () => {
    expect(Object.keys(moduleSheets).filter((sheet) => !uses.has(sheet))).toEqual([]);
  });

  it("define exactly the classes their components read", () => {
    for (const [sheet, css] of Object.entries(moduleSheets)) {
      const defined = definedClasses(css);
      const read = uses.get(sheet) ?? new Set();
      expect({ sheet, unused: [...defined].filter((name) => !read.has(name)) }).toEqual({ sheet, unused: [] });
      expect({ sheet, undefined: [...read].filter((name) => !defined.has(name)) }).toEqual({ sheet, undefined: [] });
    }
  });
});
