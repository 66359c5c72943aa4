import { createContext, useContext } from "react";
import { namesField } from "../lib/errors";

/** The field a form's failed request names (from the server, or the form's own check). */
export const InvalidFieldContext = createContext<string | null>(null);

/** Whether the form field `name` is the one its form's failed request names. */
export function useIsInvalid(name: string | undefined): boolean {
  const field = useContext(InvalidFieldContext);
  return name !== undefined && namesField(field, name);
}
