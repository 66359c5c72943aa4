import { TRPCClientError } from "@trpc/client";

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The server answered with an error (as opposed to not being reached at all). */
export function isRefusal(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { code?: unknown } | undefined)?.code !== undefined;
}
