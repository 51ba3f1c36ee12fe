import { closestIds } from "@dualtrack/core";
import { z } from "@hono/zod-openapi";
import type { TypedResponse } from "hono";
import type { JSONValue } from "hono/utils/types";
import { ApiError, badField, errorSchema, notFound } from "../errors.js";

/** The error responses a route may give, for its OpenAPI entry. */
export function errorResponses(...statuses: readonly (400 | 404 | 409 | 413 | 429 | 501 | 503)[]) {
  const text: Record<number, string> = {
    400: "Invalid request: `error.issues` names each bad field",
    404: "Unknown id: `error.suggestions` lists the closest known ids",
    409: "Conflict with the stored state",
    413: "Body over the size limit",
    429: "Too many runs queued",
    501: "Capability not available in this build",
    503: "Data for this capability failed to load",
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: text[s] ?? "Error", content: { "application/json": { schema: errorSchema } } },
    ]),
  );
}

/** A JSON response entry for OpenAPI. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } } as const;
}

/** A JSON request body entry for OpenAPI (required). */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } } as const;
}

/** Looks an id up in a list, or throws 404 with the closest ids. */
export function findById<T extends { readonly id: string }>(kind: string, rows: readonly T[], id: string): T {
  const row = rows.find((r) => r.id === id);
  if (row === undefined)
    throw notFound(
      kind,
      id,
      closestIds(
        id,
        rows.map((r) => r.id),
      ),
    );
  return row;
}

/** A query filter checked against the values that exist: 400 naming them when the value is not one. */
export function oneOf(
  field: string,
  value: string | undefined,
  allowed: readonly string[],
): string | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value))
    throw badField(field, `unknown value '${value}'; allowed: ${allowed.join(", ")}`);
  return value;
}

/** Distinct values, sorted. */
export const distinct = (values: readonly string[]): string[] => [...new Set(values)].sort();

/** 501 for a capability this build does not have. */
export function notAvailable(what: string): ApiError {
  return new ApiError(501, "not_implemented", `${what} is not available in this build of the server`);
}

/** A lowercase kebab-case id. */
export const idParam = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9.-]*$/, "expected a lowercase kebab-case id");

/** Page of a list: `limit` (1–500, default 100) and `offset`. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).optional().openapi({ example: 100 }),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional().openapi({ example: 0 }),
};

/** A computed result (an interface without an index signature) as the JSON object its route declares. */
export const asJson = (value: object): Record<string, unknown> => value as Record<string, unknown>;

/**
 * Names a schema defined outside this package (the core's zod schemas) as an OpenAPI component. The
 * `.openapi()` method exists only when that schema's zod instance is the one `@hono/zod-openapi` extended
 * (not under vitest's module graph), so this falls back to an inline schema rather than failing.
 */
export function named<T extends z.ZodType>(schema: T, name: string): T {
  const candidate = schema as T & { openapi?: unknown };
  return typeof candidate.openapi === "function" ? (candidate.openapi(name) as T) : schema;
}

/**
 * A 200 answer whose JSON text is already made (a cache hit): the same bytes `c.json()` would send, typed
 * as the JSON object the route declares, without serializing again.
 */
export function rawJson(text: string): TypedResponse<{ [key: string]: JSONValue }, 200, "json"> {
  const response = new Response(text, { status: 200, headers: { "content-type": "application/json" } });
  return response as unknown as TypedResponse<{ [key: string]: JSONValue }, 200, "json">;
}

/** Copies the defined fields only (exactOptionalPropertyTypes: absent, never `undefined`). */
export function defined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
