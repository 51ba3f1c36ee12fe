import { StoreError } from "@dualtrack/store";
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";

/** One problem with a request: where (`query.vendor`, `body.runs`) and what. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** The body of every error response. */
export const errorSchema = z
  .object({
    error: z.object({
      status: z.number().int(),
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      suggestions: z.array(z.string()).optional(),
    }),
  })
  .openapi("Error");
export type ErrorBody = z.infer<typeof errorSchema>;

/** A refusal with its HTTP status; thrown by handlers, rendered by the error handler. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly issues: readonly FieldIssue[] | undefined;
  readonly suggestions: readonly string[] | undefined;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    extra: { issues?: readonly FieldIssue[]; suggestions?: readonly string[] } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.issues = extra.issues;
    this.suggestions = extra.suggestions;
  }
}

/** 404 for an unknown id, naming the closest known ids. */
export function notFound(kind: string, id: string, suggestions: readonly string[] = []): ApiError {
  const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(", ")}?` : "";
  return new ApiError(404, "not_found", `unknown ${kind} '${id}'${hint}`, { suggestions });
}

/** 400 for one bad field. */
export function badField(path: string, message: string): ApiError {
  return new ApiError(400, "invalid_request", `${path}: ${message}`, { issues: [{ path, message }] });
}

const TARGETS: Readonly<Record<string, string>> = {
  json: "body",
  query: "query",
  param: "path",
  header: "header",
  cookie: "cookie",
  form: "body",
};

/** zod issues as field paths under the part of the request they came from: `body.scenario.runs`. */
export function fieldIssues(target: string, error: ZodError): FieldIssue[] {
  const root = TARGETS[target] ?? target;
  return error.issues.map((issue) => ({
    path: [root, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
}

export function validationError(target: string, error: ZodError): ApiError {
  const issues = fieldIssues(target, error);
  const first = issues[0];
  const message =
    first === undefined
      ? "invalid request"
      : `${first.path}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""}`;
  return new ApiError(400, "invalid_request", message, { issues });
}

const CODES: Readonly<Record<number, string>> = {
  400: "invalid_request",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "too_many_requests",
  501: "not_implemented",
};

/** Renders an error as the JSON error body; never a stack trace. */
export function errorResponse(c: Context, error: ApiError): Response {
  const body: ErrorBody = {
    error: {
      status: error.status,
      code: error.code,
      message: error.message,
      ...(error.issues === undefined ? {} : { issues: [...error.issues] }),
      ...(error.suggestions === undefined ? {} : { suggestions: [...error.suggestions] }),
    },
  };
  return c.json(body, error.status);
}

const STORE_STATUS = { not_found: 404, conflict: 409, invalid: 400 } as const;

/**
 * Maps anything thrown to an {@link ApiError}: HTTP exceptions keep their status, store refusals become
 * 404/409/400, anything else is a 500 whose details stay in the server log.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreError) {
    const status = STORE_STATUS[error.code];
    return new ApiError(status, CODES[status] ?? "error", error.message);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    return new ApiError(status, CODES[status] ?? "error", error.message || "request refused");
  }
  return new ApiError(500, "internal", "internal error; the server log has the details");
}
