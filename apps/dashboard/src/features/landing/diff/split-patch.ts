/**
 * Cuts a task's unified diff (`git diff -M` output) into one section per file, keyed by the
 * file's path as `task.diff` lists it (the new path; the old one for a deletion), so a file's
 * diff is parsed only when someone opens it.
 */
export function splitPatch(patch: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const section of patch.split(/^(?=diff --git )/m)) {
    if (!section.startsWith("diff --git ")) continue;
    const path = sectionPath(section);
    if (path !== null) sections.set(path, section);
  }
  return sections;
}

/** The path a section is about: rename/copy target, else `+++ b/…`, else `--- a/…`, else the header's. */
function sectionPath(section: string): string | null {
  const header = headerLines(section);
  const named = (prefix: string) => header.find((line) => line.startsWith(prefix))?.slice(prefix.length);
  const target = named("rename to ") ?? named("copy to ");
  if (target !== undefined) return unquoteGitPath(target);
  const added = named("+++ ");
  if (added !== undefined && added !== "/dev/null") return stripSide(unquoteGitPath(added));
  const removed = named("--- ");
  if (removed !== undefined && removed !== "/dev/null") return stripSide(unquoteGitPath(removed));
  return headerPath(header[0] ?? "");
}

/** The lines before the first hunk (a hunk's own lines could look like headers). */
function headerLines(section: string): string[] {
  const lines: string[] = [];
  for (const line of section.split("\n")) {
    if (line.startsWith("@@")) break;
    lines.push(line);
  }
  return lines;
}

function stripSide(path: string): string {
  return path.startsWith("a/") || path.startsWith("b/") ? path.slice(2) : path;
}

/** `diff --git a/x b/x` of a file whose path has no spaces (binary files have no ---/+++ lines). */
function headerPath(line: string): string | null {
  const rest = line.slice("diff --git ".length);
  if (rest.startsWith('"')) {
    const end = closingQuote(rest);
    const after = rest.slice(end + 2);
    return stripSide(unquoteGitPath(after));
  }
  const half = rest.length >> 1;
  // "a/<p> b/<p>": both halves are the same path when it is not a rename.
  return rest.slice(half + 1).startsWith("b/") ? rest.slice(half + 3) : null;
}

function closingQuote(text: string): number {
  for (let at = 1; at < text.length; at += 1) {
    if (text[at] === "\\") at += 1;
    else if (text[at] === '"') return at;
  }
  return text.length;
}

const ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '"': 34, "\\": 92 };

/** Git quotes paths with special characters C-style, bytes as octal escapes ("caf\303\251"). */
export function unquoteGitPath(path: string): string {
  if (!path.startsWith('"') || !path.endsWith('"') || path.length < 2) return path;
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  for (let at = 0; at < body.length; at += 1) {
    const char = body[at]!;
    if (char !== "\\") {
      bytes.push(...new TextEncoder().encode(char));
      continue;
    }
    const octal = /^[0-7]{3}/.exec(body.slice(at + 1));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      at += 3;
    } else {
      bytes.push(ESCAPES[body[at + 1] ?? ""] ?? 92);
      at += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
