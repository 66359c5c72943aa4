import type { DomainErrorCode } from "@maestro/domain";
import type { AppRouter } from "@maestro/server";
import { TRPCClientError } from "@trpc/client";

export interface ErrorInfo {
  /** One human line, shown as is (the server already names the field and the cause). */
  message: string;
  domainCode: DomainErrorCode | null;
  field: string | null;
}

/** Reads a failed call the way the UI needs it: branch on the code, show the message. */
export function describeError(error: unknown): ErrorInfo {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data;
    return { message: error.message, domainCode: data?.domainCode ?? null, field: data?.field ?? null };
  }
  if (error instanceof Error) return { message: error.message, domainCode: null, field: null };
  return { message: String(error), domainCode: null, field: null };
}

export function hasDomainCode(error: unknown, code: DomainErrorCode): boolean {
  return describeError(error).domainCode === code;
}

/**
 * Whether the field a failed call names (`name`, `envAllowlist.0`) is the form field `name` or
 * one of its items, so that form field is marked invalid.
 */
export function namesField(field: string | null, name: string): boolean {
  return field === name || (field?.startsWith(`${name}.`) ?? false);
}
