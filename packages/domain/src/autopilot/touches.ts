import picomatch from "picomatch/posix";

const clean = (glob: string) => glob.replace(/^\.\//, "");

/** The literal directory part of a glob (segments before the first one with a wildcard). */
function literalPrefix(glob: string): string[] {
  const segments = clean(glob).split("/");
  const index = segments.findIndex((segment) => picomatch.scan(segment).isGlob);
  return index === -1 ? segments : segments.slice(0, index);
}

/**
 * Whether two `touches` globs could name the same file. Exact when either is a plain path;
 * for two globs, conservative: they overlap unless their literal directories diverge.
 */
export function globsOverlap(a: string, b: string): boolean {
  const isGlobA = picomatch.scan(a).isGlob;
  const isGlobB = picomatch.scan(b).isGlob;
  if (!isGlobA && !isGlobB) return clean(a) === clean(b);
  if (!isGlobA) return picomatch(clean(b), { dot: true })(clean(a));
  if (!isGlobB) return picomatch(clean(a), { dot: true })(clean(b));
  const [pa, pb] = [literalPrefix(a), literalPrefix(b)];
  const shared = Math.min(pa.length, pb.length);
  return pa.slice(0, shared).every((segment, i) => segment === pb[i]);
}

/** The first pair of overlapping globs, as the pattern of `theirs` that collides, or null. */
export function findOverlap(mine: readonly string[], theirs: readonly string[]): string | null {
  for (const a of mine) for (const b of theirs) if (globsOverlap(a, b)) return b;
  return null;
}
