import fc from "fast-check";
import type { z } from "zod";
import { MEGABYTE, hostileValue, nastyString } from "./hostile-values";

/**
 * Procedure inputs for the fuzz test, derived from a zod 4 schema by walking `schema._zod.def`
 * (zod-fast-check supports zod 3 only). Each schema yields values of its shape — often valid,
 * often at or past a bound — mixed with values that break it: wrong types, missing and extra
 * fields, hostile strings. Only the zod kinds our domain schemas use are understood; any other
 * kind gets hostile values, which is still a fair input to throw at a procedure.
 */

export interface FuzzContext {
  /**
   * Values of seeded rows by field name (`projectId`, `taskIds`, `lease`, …), so that many inputs
   * reach real data and get past "not found"; `*` is offered to every string.
   */
  pools: Readonly<Record<string, readonly unknown[]>>;
  /**
   * Arbitraries used instead of the derived one for every field of that name: for values whose
   * valid forms act outside the database (a project's folder) or hold a call open (a long poll).
   */
  fieldOverrides: Readonly<Record<string, fc.Arbitrary<unknown>>>;
}

/** What zod 4 keeps on every schema; internal, but stable across 4.x. */
interface Def {
  type: string;
  checks?: Array<{ _zod: { def: CheckDef } }>;
  [key: string]: unknown;
}
interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
}

type AnySchema = z.core.$ZodType;

function defOf(schema: AnySchema): Def {
  return schema._zod.def as unknown as Def;
}

function checksOf(def: Def): CheckDef[] {
  return (def.checks ?? []).map((check) => check._zod.def);
}

function stringArbitrary(def: Def, context: FuzzContext): fc.Arbitrary<unknown> {
  const checks = checksOf(def);
  const min = Math.max(0, ...checks.map((c) => (c.check === "min_length" ? (c.minimum ?? 0) : 0)));
  const max = Math.min(MEGABYTE, ...checks.map((c) => (c.check === "max_length" ? (c.maximum ?? MEGABYTE) : MEGABYTE)));
  const pattern = checks.find((c) => c.pattern)?.pattern;
  const length = { minLength: min, maxLength: Math.max(min, Math.min(max, 40)) };
  const shaped = pattern
    ? fc.stringMatching(pattern)
    : fc.oneof(fc.string({ ...length, unit: "grapheme" }), fc.string({ ...length, unit: "binary" }));
  const arbitraries: Array<fc.WeightedArbitrary<unknown>> = [
    { weight: 6, arbitrary: shaped },
    { weight: 2, arbitrary: nastyString() },
  ];
  // Exactly at the bounds and one past them (whitespace only, for the fields that trim).
  if (max < MEGABYTE) {
    arbitraries.push({ weight: 1, arbitrary: fc.constantFrom("a".repeat(max), "a".repeat(max + 1), " ".repeat(min)) });
  }
  const anyIds = context.pools["*"] ?? [];
  if (anyIds.length) arbitraries.push({ weight: 2, arbitrary: fc.constantFrom(...anyIds) });
  return fc.oneof(...arbitraries);
}

function numberArbitrary(def: Def): fc.Arbitrary<number> {
  const checks = checksOf(def);
  const isInt = checks.some((c) => c.check === "number_format" && c.format !== "float32" && c.format !== "float64");
  const lows = checks.filter((c) => c.check === "greater_than").map((c) => c.value ?? -Infinity);
  const highs = checks.filter((c) => c.check === "less_than").map((c) => c.value ?? Infinity);
  const lo = Math.max(-Number.MAX_SAFE_INTEGER, ...lows);
  const hi = Math.min(Number.MAX_SAFE_INTEGER, ...highs);
  const shaped = isInt
    ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) })
    : fc.double({ min: lo, max: hi, noNaN: true });
  const bounds = [lo, hi, lo - 1, hi + 1, 0, -0, -1, 0.5, Number.NaN, Infinity, -Infinity, 2 ** 53, 1e308];
  return fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 2, arbitrary: fc.constantFrom(...bounds) });
}

function isSmall(value: unknown): boolean {
  return (JSON.stringify(value)?.length ?? 0) <= 1_000;
}

/** Short arrays mostly; now and then one element past the schema's bound (or 10,000 without one). */
function arrayArbitrary(def: Def, element: fc.Arbitrary<unknown>): fc.Arbitrary<unknown[]> {
  const bound = checksOf(def).find((c) => c.check === "max_length")?.maximum;
  const tooMany = Math.min((bound ?? 10_000) + 1, 10_001);
  return fc.oneof(
    { weight: 12, arbitrary: fc.array(element, { maxLength: Math.min(8, bound ?? 8) }) },
    // Small elements only: ten thousand copies of a megabyte would not even serialize.
    { weight: 1, arbitrary: element.map((value) => new Array<unknown>(tooMany).fill(isSmall(value) ? value : "x")) },
  );
}

function objectArbitrary(def: Def, context: FuzzContext, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const shape = def.shape as Record<string, AnySchema>;
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const [key, field] of Object.entries(shape)) {
    fields[key] = context.fieldOverrides[key] ?? shapedArbitrary(field, context, key, depth + 1);
    if (!["optional", "default"].includes(defOf(field).type)) requiredKeys.push(key);
  }
  return fc.record(fields, { requiredKeys });
}

/**
 * Values of the schema's shape (valid or near the bounds), recursively; `field` is the name of the
 * object field being filled (kept through arrays and wrappers, for the pools); `depth` stops `z.lazy`.
 */
export function shapedArbitrary(
  schema: AnySchema,
  context: FuzzContext,
  field?: string,
  depth = 0,
): fc.Arbitrary<unknown> {
  const derived = derivedArbitrary(schema, context, field, depth);
  // Pools hold single values: they fill strings and numbers, never the arrays or objects around them.
  const isLeaf = ["string", "number"].includes(defOf(schema).type);
  const pool = field === undefined || !isLeaf ? undefined : context.pools[field];
  if (!pool?.length || depth > 6) return derived;
  return fc.oneof({ weight: 1, arbitrary: derived }, { weight: 1, arbitrary: fc.constantFrom(...pool) });
}

function derivedArbitrary(
  schema: AnySchema,
  context: FuzzContext,
  field: string | undefined,
  depth: number,
): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  if (depth > 6) return hostileValue();
  const inner = (key: string) => shapedArbitrary(def[key] as AnySchema, context, field, depth + 1);
  switch (def.type) {
    case "string":
      return stringArbitrary(def, context);
    case "number":
      return numberArbitrary(def);
    case "boolean":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...Object.values(def.entries as Record<string, string | number>));
    case "literal":
      return fc.constantFrom(...(def.values as unknown[]));
    case "array":
      return arrayArbitrary(def, inner("element"));
    case "object":
      return objectArbitrary(def, context, depth);
    case "optional":
    case "default":
      return fc.option(inner("innerType"), { nil: undefined, freq: 4 });
    case "nullable":
      return fc.option(inner("innerType"), { nil: null, freq: 4 });
    case "pipe":
      return inner("in");
    case "union":
      return fc.oneof(
        ...(def.options as AnySchema[]).map((option) => shapedArbitrary(option, context, field, depth + 1)),
      );
    case "record":
      return fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), nastyString()), inner("valueType"), { maxKeys: 4 });
    case "lazy":
      return shapedArbitrary((def.getter as () => AnySchema)(), context, field, depth + 1);
    default:
      return hostileValue();
  }
}

/** An object of the schema's shape with one field removed, one field of the wrong type, or an extra field. */
function brokenObject(schema: AnySchema, context: FuzzContext): fc.Arbitrary<unknown> {
  const shaped = shapedArbitrary(schema, context);
  return fc
    .tuple(shaped, fc.nat(), hostileValue(), fc.constantFrom("drop", "retype", "extra"))
    .map(([value, n, wrong, how]) => {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return wrong;
      const copy: Record<string, unknown> = { ...value };
      const keys = Object.keys(copy);
      const key = keys.length ? keys[n % keys.length]! : "id";
      if (how === "drop") delete copy[key];
      // defineProperty, because `copy["__proto__"] = …` would set the prototype instead of a field.
      else if (how === "extra") {
        Object.defineProperty(copy, ["__proto__", "constructor", "extra"][n % 3]!, { value: wrong, enumerable: true });
      } else copy[key] = wrong;
      return copy;
    });
}

/** Everything the fuzz test sends to one procedure: mostly shaped values, some broken, some garbage. */
export function inputArbitrary(schema: AnySchema | undefined, context: FuzzContext): fc.Arbitrary<unknown> {
  if (!schema) return fc.oneof(fc.constant(undefined), hostileValue());
  const unwrapped = defOf(schema).type === "pipe" ? (defOf(schema).in as AnySchema) : schema;
  const isObject = defOf(unwrapped).type === "object";
  const arbitraries: Array<fc.WeightedArbitrary<unknown>> = [
    { weight: 6, arbitrary: shapedArbitrary(schema, context) },
    { weight: 1, arbitrary: hostileValue() },
  ];
  if (isObject) arbitraries.push({ weight: 3, arbitrary: brokenObject(unwrapped, context) });
  return fc.oneof(...arbitraries);
}
