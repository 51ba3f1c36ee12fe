import { NOTE_KINDS } from "@dualtrack/store";
import { createRoute, z } from "@hono/zod-openapi";
import { notFound } from "../errors.js";
import type { App, ServerContext } from "../serverContext.js";
import { errorResponses, json, jsonBody } from "./shared.js";

const VERDICTS = ["supported", "contradicted", "plausible", "unverifiable"] as const;

const noteSchema = z
  .object({
    id: z.string(),
    kind: z.enum(NOTE_KINDS),
    subject: z.string(),
    body: z.string(),
    source: z.string().nullable(),
    verdict: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Note");

const subject = z
  .string()
  .min(3)
  .max(200)
  .regex(
    /^(chip|model|scenario|run):\S+$/,
    "expected kind:id with kind one of chip, model, scenario, run, e.g. chip:h100-sxm",
  )
  .openapi({ example: "chip:h20" });

const createSchema = z
  .strictObject({
    kind: z.enum(NOTE_KINDS).default("note"),
    subject,
    body: z.string().min(1).max(10_000),
    source: z.string().max(200).optional(),
    verdict: z.enum(VERDICTS).optional(),
  })
  .openapi("CreateNote");

const updateSchema = z
  .strictObject({
    body: z.string().min(1).max(10_000).optional(),
    source: z.string().max(200).nullable().optional(),
    verdict: z.enum(VERDICTS).nullable().optional(),
  })
  .openapi("UpdateNote");

const idPath = z.object({ id: z.string().max(200) });

/** `/api/notes`: users' notes and claims about chips, models, scenarios and runs. */
export function noteRoutes(app: App, ctx: ServerContext): void {
  const { notes } = ctx.store;
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/notes",
      tags: ["notes"],
      summary: "Notes and user claims, oldest first",
      request: {
        query: z.object({
          subject: z.string().max(200).optional(),
          kind: z.enum(NOTE_KINDS).optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
      responses: { 200: json(z.array(noteSchema), "The notes"), ...errorResponses(400) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await notes.list({ subject: q.subject, kind: q.kind, limit: q.limit }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/notes",
      tags: ["notes"],
      summary: "Add a note or a claim",
      request: { body: jsonBody(createSchema) },
      responses: { 201: json(noteSchema, "The note"), ...errorResponses(400, 413) },
    }),
    async (c) => {
      const b = c.req.valid("json");
      return c.json(
        await notes.create({
          kind: b.kind,
          subject: b.subject,
          body: b.body,
          source: b.source,
          verdict: b.verdict,
        }),
        201,
      );
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/notes/{id}",
      tags: ["notes"],
      summary: "One note",
      request: { params: idPath },
      responses: { 200: json(noteSchema, "The note"), ...errorResponses(404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const note = await notes.get(id);
      if (note === undefined) throw notFound("note", id);
      return c.json(note, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/notes/{id}",
      tags: ["notes"],
      summary: "Change a note's body, source or verdict",
      request: { params: idPath, body: jsonBody(updateSchema) },
      responses: { 200: json(noteSchema, "The note"), ...errorResponses(400, 404, 413) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const b = c.req.valid("json");
      const note = await notes.update(id, { body: b.body, source: b.source, verdict: b.verdict });
      if (note === undefined) throw notFound("note", id);
      return c.json(note, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/notes/{id}",
      tags: ["notes"],
      summary: "Delete a note",
      request: { params: idPath },
      responses: { 204: { description: "Deleted" }, ...errorResponses(404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      if (!(await notes.remove(id))) throw notFound("note", id);
      return c.body(null, 204);
    },
  );
}
