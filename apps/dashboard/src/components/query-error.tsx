import type { ReactNode } from "react";
import { describeError } from "../lib/errors";
import { EmptyState } from "./empty-state";
import { ErrorAlert } from "./error-alert";

interface QueryErrorProps {
  error: unknown;
  /** The empty state's title when the thing is gone ("Project WEB not found"). */
  notFoundTitle: string;
  /** Under that title: where to go instead. */
  children: ReactNode;
}

/** A failed load: an empty state when the server says it does not exist, else its error. */
export function QueryError({ error, notFoundTitle, children }: QueryErrorProps) {
  if (describeError(error).domainCode !== "NOT_FOUND") return <ErrorAlert error={error} />;
  return <EmptyState title={notFoundTitle}>{children}</EmptyState>;
}
