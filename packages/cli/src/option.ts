import { InvalidArgumentError, Option } from "commander";
import { z } from "zod";
import type { OptionSpec } from "./command";

type Parse = (value: string) => unknown;
type Check = (value: unknown) => unknown;

function parseInteger(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError("must be a whole number");
  return Number(value);
}

/** Commander turns the thrown error into a usage error that names the flag (exit code 2). */
function parseWith(schema: z.ZodType): Check {
  return (value) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0]?.message ?? "is not valid");
    return parsed.data;
  };
}

function parserOf(spec: OptionSpec): Parse | undefined {
  if (spec.integer && spec.schema) {
    const check = parseWith(spec.schema);
    return (value) => check(parseInteger(value));
  }
  if (spec.integer) return parseInteger;
  if (spec.schema) return parseWith(spec.schema);
  return undefined;
}

/** Every value given so far, each parsed; a comma-separated one counts as several. */
function collector(spec: OptionSpec, parse: Parse = (value) => value) {
  return (value: string, previous: unknown[] | undefined): unknown[] => {
    const values = spec.commaSeparated
      ? value
          .split(",")
          .map((part) => part.trim())
          .filter(Boolean)
      : [value];
    return [...(previous ?? []), ...values.map(parse)];
  };
}

/** A commander option from its spec: its values parsed, its choices listed from the domain. */
export function toOption(spec: OptionSpec): Option {
  const option = new Option(spec.flags, spec.description);
  // The help lists an enum's values; the parser set below does the checking, with the domain's message.
  if (spec.schema instanceof z.ZodEnum) option.choices(spec.schema.options.map(String));
  const parse = parserOf(spec);
  if (spec.repeatable) option.argParser(collector(spec, parse));
  else if (parse) option.argParser(parse);
  if (spec.required) option.makeOptionMandatory();
  return option;
}
