import { type DomainErrorCode, type DomainErrorDetails, isDomainError } from "@maestro/domain";
import { storageErrorOf } from "@maestro/db";
import { TRPCError, initTRPC } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { personRefusal } from "./access";
import type { Context } from "./context";
import { holdSubscription, isAsyncIterable, releasingOnEnd } from "./http/subscription-budget";
import { pacedBySocket } from "./http/ws-backpressure";

export interface ErrorData {
  /** The DomainError code when the failure is a domain rule: clients branch on it, never on text. */
  domainCode: DomainErrorCode | null;
  /** The input field the error is about, when there is one. */
  field: string | null;
  details: DomainErrorDetails | null;
}

interface SchemaIssue {
  message: string;
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
}

/** Zod errors and tRPC's standard-schema errors both carry `issues`. */
function hasIssues(error: unknown): error is { issues: SchemaIssue[] } {
  return typeof error === "object" && error !== null && Array.isArray((error as { issues?: unknown }).issues);
}

function describeIssues(issues: SchemaIssue[]): { message: string; field: string | null } {
  const issue = issues[0];
  if (!issue) return { message: "invalid input", field: null };
  const path = (issue.path ?? []).map((part) => String(typeof part === "object" ? part.key : part));
  const field = path.length ? path.join(".") : null;
  return { message: field ? `${field}: ${issue.message}` : issue.message, field };
}

export interface Meta {
  /** Agents (session-scoped tokens) may call it; the verb then checks what they touch. */
  agents?: boolean;
  /** The runners' credential may call it (the owner always may). */
  runners?: boolean;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    isDev: false,
    // Subscriptions go over the WebSocket only, where each connection's subscriptions are capped;
    // an HTTP (server-sent events) subscription would be held open outside that budget.
    sse: { enabled: false },
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const data: ErrorData = { domainCode: null, field: null, details: null };
      let message = shape.message;
      if (error.code === "BAD_REQUEST" && hasIssues(cause)) {
        const described = describeIssues(cause.issues);
        message = described.message;
        data.field = described.field;
      } else if (isDomainError(cause)) {
        data.domainCode = cause.code;
        data.field = cause.details.field ?? null;
        data.details = cause.details;
      } else if (error.code === "INTERNAL_SERVER_ERROR") {
        message = "internal error (details are in the server log)";
      }
      return { ...shape, message, data: { ...shape.data, ...data } };
    },
  });

export function toTrpcCode(code: DomainErrorCode): TRPC_ERROR_CODE_KEY {
  switch (code) {
    case "NOT_FOUND":
      return "NOT_FOUND";
    case "INVALID_INPUT":
    case "DEPENDENCY_CYCLE":
    case "CROSS_PROJECT":
      return "BAD_REQUEST";
    case "VERSION_CONFLICT":
    case "ALREADY_EXISTS":
      return "CONFLICT";
    case "INVALID_TRANSITION":
    case "HAS_CHILDREN":
      return "PRECONDITION_FAILED";
    case "UNAUTHORIZED":
      return "UNAUTHORIZED";
    case "FORBIDDEN":
      return "FORBIDDEN";
    case "STORAGE_FULL":
      return "SERVICE_UNAVAILABLE";
  }
}

/**
 * The one place failures become tRPC errors: domain errors get their mapped code, and schema
 * issues a one-line message naming the field (`title: must not be empty`).
 */
const mapErrors = t.middleware(async function mapErrors({ next }) {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  // A full disk surfaces from SQLite anywhere a write happens; it is the user's to fix, not a bug.
  const domainError = isDomainError(cause) ? cause : storageErrorOf(cause);
  if (domainError) {
    return {
      ...result,
      error: new TRPCError({ code: toTrpcCode(domainError.code), message: domainError.message, cause: domainError }),
    };
  }
  if (result.error.code === "BAD_REQUEST" && hasIssues(cause)) {
    return {
      ...result,
      error: new TRPCError({ code: "BAD_REQUEST", message: describeIssues(cause.issues).message, cause }),
    };
  }
  return result;
});

function refuse(message: string): never {
  throw new TRPCError({ code: "FORBIDDEN", message });
}

/**
 * Agents and runners get only what a procedure opens to them, a person what their role reaches
 * in the access table; everything else is FORBIDDEN.
 */
const guardPrincipals = t.middleware(function guardPrincipals({ ctx, meta, next, path }) {
  // A WebSocket's context was made once: the browser that opened it may have signed out since.
  if (ctx.browserSession && ctx.dashboardAuth?.hasSignedOut(ctx.browserSession)) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "signed out" });
  }
  switch (ctx.principal.kind) {
    case "owner":
      return next();
    case "person": {
      // A WebSocket's context was made once: its token may have been revoked since.
      if (ctx.people?.isRevoked(ctx.principal.tokenId)) {
        throw new TRPCError({ code: "UNAUTHORIZED", message: "the token was revoked" });
      }
      const refusal = personRefusal(path, ctx.principal);
      if (refusal) refuse(refusal);
      return next();
    }
    case "agent":
      if (!meta?.agents) refuse(`an agent session may not call ${path}`);
      return next();
    case "runner":
      if (!meta?.runners) refuse(`the runner credential may not call ${path}`);
      return next();
  }
});

/**
 * A WebSocket connection holds a bounded number of subscriptions; one ending frees its place.
 * Each is paced by its connection: it takes its next item only once the client has read enough.
 */
const limitSubscriptions = t.middleware(async function limitSubscriptions({ ctx, type, path, next, signal }) {
  if (type !== "subscription") return next();
  const release = holdSubscription(ctx.signal, path);
  if (!release) return next();
  const result = await next().catch((error: unknown) => {
    release();
    throw error;
  });
  if (!result.ok || !isAsyncIterable(result.data)) {
    release();
    return result;
  }
  const onSent = ctx.metrics ? (item: unknown) => ctx.metrics!.observeSent(item) : undefined;
  return { ...result, data: releasingOnEnd(pacedBySocket(result.data, ctx.signal, signal, onSent), release) };
});

export const router = t.router;
/** Open to the owner only (agents and runners are refused). */
export const publicProcedure = t.procedure.use(mapErrors).use(guardPrincipals).use(limitSubscriptions);
/** Open to agents inside a session, limited to their own session and tasks by the verb. */
export const agentProcedure = publicProcedure.meta({ agents: true });
/** Open to runners (their own credential) and the owner; never to agents. */
export const runnerProcedure = publicProcedure.meta({ runners: true });
export const createCallerFactory = t.createCallerFactory;
