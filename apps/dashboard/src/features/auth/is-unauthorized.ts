import { TRPCClientError } from "@trpc/client";

/** The server refused the caller (no cookie, an expired one, signed out elsewhere): sign in again. */
export function isUnauthorized(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const data = error.data as { code?: string; httpStatus?: number } | undefined;
  return data?.code === "UNAUTHORIZED" || data?.httpStatus === 401;
}
