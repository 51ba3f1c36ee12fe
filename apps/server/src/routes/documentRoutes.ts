import { closestIds } from "@dualtrack/core";
import type { Documents } from "@dualtrack/store";
import { createRoute, z } from "@hono/zod-openapi";
import { ApiError, notFound } from "../errors.js";
import type { App, ServerContext } from "../serverContext.js";
import { errorResponses, idParam, json, jsonBody, pageQuery } from "./shared.js";

/** Checks a document's content; returns the field issues (paths under `body.body`), empty when valid. */
export type ContentCheck = (content: unknown) => readonly { path: string; message: string }[];

const summarySchema = z
  .object({
    id: z.string(),
    kind: z.enum(["scenario", "plan"]),
    name: z.string(),
    latestVersion: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("DocumentSummary");

const versionSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["scenario", "plan"]),
    version: z.number().int(),
    latestVersion: z.number().int(),
    name: z.string(),
    body: z.unknown(),
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("DocumentVersion");

const versionInfoSchema = z.object({
  version: z.number().int(),
  name: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
});

/** A JSON document: an object (a parsed YAML scenario or plan). */
const content = z
  .record(z.string(), z.unknown())
  .openapi({ description: "the document (a parsed YAML file) as JSON" });

const createSchema = z
  .strictObject({
    id: idParam.optional().openapi({ description: "default: made from the name" }),
    name: z.string().trim().min(1).max(200),
    body: content,
    note: z.string().max(2000).optional(),
  })
  .openapi("CreateDocument");

const updateSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    body: content,
    note: z.string().max(2000).optional(),
    baseVersion: z
      .number()
      .int()
      .min(1)
      .optional()
      .openapi({ description: "refuse (409) unless this is still the latest version" }),
  })
  .openapi("UpdateDocument");

const idPath = z.object({ id: z.string().max(200) });

/**
 * CRUD for one kind of versioned document under `/api/<plural>`: list, create (version 1), get the
 * latest, list versions, get a version, put (a new version), delete (hide; versions stay for their runs).
 */
export function documentRoutes(
  app: App,
  ctx: ServerContext,
  kind: "scenario" | "plan",
  check: ContentCheck = () => [],
): void {
  const docs: Documents = kind === "scenario" ? ctx.store.scenarios : ctx.store.plans;
  const base = `/api/${kind}s`;
  const tags = [`${kind}s`];
  const missing = async (id: string) => notFound(kind, id, closestIds(id, await docs.ids()));
  const checked = (body: unknown) => {
    const issues = check(body);
    const first = issues[0];
    if (first !== undefined) {
      const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
      throw new ApiError(400, "invalid_request", `${first.path}: ${first.message}${more}`, { issues });
    }
  };

  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags,
      summary: `List ${kind}s, most recently updated first`,
      request: { query: z.object(pageQuery) },
      responses: { 200: json(z.array(summarySchema), `The ${kind}s`), ...errorResponses(400) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await docs.list({ limit: q.limit, offset: q.offset }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: base,
      tags,
      summary: `Create a ${kind} (version 1)`,
      request: { body: jsonBody(createSchema) },
      responses: { 201: json(versionSchema, `The new ${kind}`), ...errorResponses(400, 409, 413) },
    }),
    async (c) => {
      const b = c.req.valid("json");
      checked(b.body);
      const created = await docs.create({ id: b.id, name: b.name, body: b.body, note: b.note });
      return c.json(created, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}`,
      tags,
      summary: `The latest version of a ${kind}`,
      request: { params: idPath },
      responses: { 200: json(versionSchema, `The ${kind}`), ...errorResponses(404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const found = await docs.get(id);
      if (found === undefined) throw await missing(id);
      return c.json(found, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}/versions`,
      tags,
      summary: `The history of a ${kind}, oldest first`,
      request: { params: idPath },
      responses: { 200: json(z.array(versionInfoSchema), "The versions"), ...errorResponses(404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const versions = await docs.versions(id);
      if (versions === undefined) throw await missing(id);
      return c.json(versions, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}/versions/{version}`,
      tags,
      summary: `One version of a ${kind} (also of a deleted one, for the runs that used it)`,
      request: {
        params: z.object({
          id: z.string().max(200),
          version: z.coerce.number().int().min(1).max(1_000_000_000),
        }),
      },
      responses: { 200: json(versionSchema, "The version"), ...errorResponses(400, 404) },
    }),
    async (c) => {
      const { id, version } = c.req.valid("param");
      const found = await docs.get(id, version);
      if (found === undefined) throw notFound(`${kind} version`, `${id}@${version}`);
      return c.json(found, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: `${base}/{id}`,
      tags,
      summary: `Edit a ${kind}: adds a version (runs keep pointing at theirs)`,
      request: { params: idPath, body: jsonBody(updateSchema) },
      responses: { 200: json(versionSchema, "The new version"), ...errorResponses(400, 404, 409, 413) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const b = c.req.valid("json");
      checked(b.body);
      if ((await docs.get(id)) === undefined) throw await missing(id);
      const updated = await docs.update(id, {
        name: b.name,
        body: b.body,
        note: b.note,
        baseVersion: b.baseVersion,
      });
      return c.json(updated, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{id}`,
      tags,
      summary: `Delete a ${kind} (its versions stay for the runs that used them)`,
      request: { params: idPath },
      responses: { 204: { description: "Deleted" }, ...errorResponses(404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      if (!(await docs.remove(id))) throw await missing(id);
      return c.body(null, 204);
    },
  );
}
