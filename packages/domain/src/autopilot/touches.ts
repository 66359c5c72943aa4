import picomatch from "picomatch/posix";

const clean = (glob: string) => glob.replace(/^\.\//, "");

/**
 * `touches` come from agents: extglobs and braces stay literal (the nested-extglob ReDoS shape
 * cannot compile), and each pattern is compiled once rather than on every scheduler pass.
 */
const OPTIONS = { dot: true, noextglob: true, nobrace: true } as const;
const MAX_CACHED = 1000;
const matchers = new Map<string, (path: string) => boolean>();

function matcherOf(glob: string): (path: string) => boolean {
  const cached = matchers.get(glob);
  if (cached) return cached;
  if (matchers.size >= MAX_CACHED) matchers.delete(matchers.keys().next().value!);
  const matcher = picomatch(glob, OPTIONS);
  matchers.set(glob, matcher);
  return matcher;
}

const isGlob = (glob: string) => picomatch.scan(glob).isGlob;

/** The literal directory part of a glob (segments before the first one with a wildcard). */
function literalPrefix(glob: string): string[] {
  const segments = clean(glob).split("/");
  const index = segments.findIndex(isGlob);
  return index === -1 ? segments : segments.slice(0, index);
}

/**
 * Whether two `touches` globs could name the same file. Exact when either is a plain path;
 * for two globs, conservative: they overlap unless their literal directories diverge.
 */
export function globsOverlap(a: string, b: string): boolean {
  const isGlobA = isGlob(a);
  const isGlobB = isGlob(b);
  if (!isGlobA && !isGlobB) return clean(a) === clean(b);
  if (!isGlobA) return matcherOf(clean(b))(clean(a));
  if (!isGlobB) return matcherOf(clean(a))(clean(b));
  const [pa, pb] = [literalPrefix(a), literalPrefix(b)];
  const shared = Math.min(pa.length, pb.length);
  return pa.slice(0, shared).every((segment, i) => segment === pb[i]);
}

/** The first pair of overlapping globs, as the pattern of `theirs` that collides, or null. */
export function findOverlap(mine: readonly string[], theirs: readonly string[]): string | null {
  for (const a of mine) for (const b of theirs) if (globsOverlap(a, b)) return b;
  return null;
}
