import {
  CHIP_SORT_ALIASES,
  CHIP_SORT_FIELDS,
  chipSchema,
  chipStatusSchema,
  MODEL_SORT_ALIASES,
  MODEL_SORT_FIELDS,
  modelSchema,
  parseSortSpec,
  type SortKey,
  SortSpecError,
  sortRows,
} from "@dualtrack/core";
import { createRoute, z } from "@hono/zod-openapi";
import { badField } from "../errors.js";
import type { App, ServerContext } from "../serverContext.js";
import { distinct, errorResponses, findById, json, named, oneOf } from "./shared.js";

/** `parseSortSpec` for `?sort=`: an unknown field is a 400 on `query.sort` listing the allowed ones. */
function sortParam(
  spec: string,
  fields: readonly string[],
  aliases: Readonly<Record<string, string>>,
): SortKey[] {
  try {
    return parseSortSpec(spec, fields, aliases);
  } catch (error) {
    if (error instanceof SortSpecError) throw badField("query.sort", error.message);
    throw error;
  }
}

const sortQuery = z
  .string()
  .max(200)
  .optional()
  .openapi({ description: "fields, '-' for descending", example: "-bf16,name" });
const upper = z
  .string()
  .max(8)
  .transform((s) => s.toUpperCase())
  .optional();

const chipOut = named(chipSchema, "Chip");
const modelOut = named(modelSchema, "Model");

const listChips = createRoute({
  method: "get",
  path: "/api/chips",
  tags: ["catalog"],
  summary: "List accelerators (filter, sort)",
  request: {
    query: z.object({
      vendor: z.string().max(60).optional().openapi({ example: "nvidia" }),
      country: upper.openapi({ description: "ISO code of the designer's HQ", example: "CN" }),
      status: chipStatusSchema.optional(),
      datacenter: z.enum(["true", "false"]).optional(),
      sort: sortQuery,
    }),
  },
  responses: { 200: json(z.array(chipOut), "The chips, sorted"), ...errorResponses(400) },
});

const getChip = createRoute({
  method: "get",
  path: "/api/chips/{id}",
  tags: ["catalog"],
  summary: "One accelerator with the sources of every figure",
  request: { params: z.object({ id: z.string().max(200).openapi({ example: "h100-sxm" }) }) },
  responses: { 200: json(chipOut, "The chip"), ...errorResponses(404) },
});

const listModels = createRoute({
  method: "get",
  path: "/api/models",
  tags: ["catalog"],
  summary: "List model architectures (filter, sort)",
  request: {
    query: z.object({
      family: z.string().max(60).optional().openapi({ example: "qwen" }),
      developer: z.string().max(100).optional(),
      country: upper.openapi({ example: "CN" }),
      sort: sortQuery,
    }),
  },
  responses: { 200: json(z.array(modelOut), "The models, sorted"), ...errorResponses(400) },
});

const getModel = createRoute({
  method: "get",
  path: "/api/models/{id}",
  tags: ["catalog"],
  summary: "One model architecture with its sources",
  request: { params: z.object({ id: z.string().max(200).openapi({ example: "deepseek-v3" }) }) },
  responses: { 200: json(modelOut, "The model"), ...errorResponses(404) },
});

/** `GET /api/chips`, `/api/chips/{id}`, `/api/models`, `/api/models/{id}`: the catalog, as the CLI lists it. */
export function catalogRoutes(app: App, ctx: ServerContext): void {
  const { chips, models } = ctx.domain.catalog;
  app.openapi(listChips, (c) => {
    const q = c.req.valid("query");
    const vendor = oneOf("query.vendor", q.vendor, distinct(chips.map((x) => x.vendor)));
    const country = oneOf("query.country", q.country, distinct(chips.map((x) => x.country)));
    const keys = sortParam(q.sort ?? "id", CHIP_SORT_FIELDS, CHIP_SORT_ALIASES);
    const rows = chips.filter(
      (x) =>
        (vendor === undefined || x.vendor === vendor) &&
        (country === undefined || x.country === country) &&
        (q.status === undefined || x.status === q.status) &&
        (q.datacenter === undefined || x.datacenter === (q.datacenter === "true")),
    );
    return c.json(sortRows(rows, keys), 200);
  });
  app.openapi(getChip, (c) => c.json(findById("chip", chips, c.req.valid("param").id), 200));
  app.openapi(listModels, (c) => {
    const q = c.req.valid("query");
    const family = oneOf("query.family", q.family, distinct(models.map((m) => m.family)));
    const developer = oneOf("query.developer", q.developer, distinct(models.map((m) => m.developer)));
    const country = oneOf("query.country", q.country, distinct(models.map((m) => m.country)));
    const keys = sortParam(q.sort ?? "id", MODEL_SORT_FIELDS, MODEL_SORT_ALIASES);
    const rows = models.filter(
      (m) =>
        (family === undefined || m.family === family) &&
        (developer === undefined || m.developer === developer) &&
        (country === undefined || m.country === country),
    );
    return c.json(sortRows(rows, keys), 200);
  });
  app.openapi(getModel, (c) => c.json(findById("model", models, c.req.valid("param").id), 200));
}
