import fc from "fast-check";

export const MEGABYTE = 1 << 20;

/** Strings that have broken servers before: traversal, NUL and control bytes, prototype keys, odd unicode. */
export const NASTY_STRINGS: readonly string[] = [
  "",
  " ",
  "\t\n",
  "\u0000",
  "a\u0000b",
  "\u001b[2J\u001b]0;title\u0007",
  "../../etc/passwd",
  "/etc/passwd",
  "..",
  "./.maestro/../../x",
  "C:\\Windows\\system32",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "\u202e\u200b\ufeff",
  "\ud800",
  "😀".repeat(3),
  "'; DROP TABLE tasks; --",
  "%s%n%x",
  "${process.env}",
  "{prompt}",
  "NaN",
  "-1",
  "1e309",
  "null",
  "WEB-999999999999999999999",
];

const HUGE_STRINGS = ["x".repeat(MEGABYTE), "\u0000".repeat(MEGABYTE)];

export function nastyString(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    // A megabyte, rarely: it costs a full request each time.
    { weight: 1, arbitrary: fc.constantFrom(...HUGE_STRINGS) },
  );
}

/** Values of any type, including shapes no schema expects. */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(null, true, false, 0, -0, -1, 0.5, 2 ** 53, -(2 ** 63), 1e308, Number.NaN, Infinity),
    nastyString(),
    fc.constant([]),
    fc.constant({}),
    fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}') as unknown),
    fc.constant(deeplyNested(400)),
    fc.anything({ maxDepth: 3, maxKeys: 4 }),
  );
}

function deeplyNested(depth: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}
