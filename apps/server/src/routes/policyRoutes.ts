import {
  allowedChips,
  allowedRow,
  CHINA_STANCES,
  CHINA_STATUSES,
  classify,
  END_USES,
  isoDateSchema,
  REVIEWS,
  type Rule,
  timeline,
} from "@dualtrack/core";
import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../errors.js";
import type { App, ServerContext } from "../serverContext.js";
import { asJson, defined, errorResponses, findById, json, jsonBody } from "./shared.js";

const country = z
  .string()
  .max(8)
  .transform((c) => c.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}$/, "expected an ISO 3166-1 alpha-2 country code such as CN or US"));

/** The body of `POST /api/classify`: the flags of `dualtrack classify`. */
export const classifyRequestSchema = z
  .strictObject({
    chip: z.string().min(1).max(200).openapi({ example: "h20" }),
    date: isoDateSchema
      .optional()
      .openapi({ description: "YYYY-MM-DD, default today", example: "2025-06-01" }),
    to: country.default("CN").openapi({ example: "CN" }),
    buyerHq: country.optional().openapi({ description: "default: `to`" }),
    endUse: z.enum(END_USES).optional(),
    chinaStance: z.enum(CHINA_STANCES).optional(),
  })
  .openapi("ClassifyRequest");

/** The body of `POST /api/timeline`: a chip's status changes over 2022–2026. */
export const timelineRequestSchema = z
  .strictObject({
    chip: z.string().min(1).max(200).openapi({ example: "h20" }),
    to: country.default("CN"),
    buyerHq: country.optional(),
    endUse: z.enum(END_USES).optional(),
    chinaStance: z.enum(CHINA_STANCES).optional(),
    from: isoDateSchema.optional(),
    until: isoDateSchema.optional(),
  })
  .openapi("TimelineRequest");

/** The body of `POST /api/allowed`: the flags of `dualtrack allowed`. */
export const allowedRequestSchema = z
  .strictObject({
    to: country.default("CN").openapi({ example: "CN" }),
    date: isoDateSchema
      .optional()
      .openapi({ description: "YYYY-MM-DD, default today", example: "2026-02-01" }),
    buyerHq: country.optional().openapi({ description: "default: `to`" }),
    endUse: z.enum(END_USES).optional(),
    chinaStance: z.enum(CHINA_STANCES).optional(),
    maxReview: z
      .enum(REVIEWS)
      .optional()
      .openapi({ description: "most restrictive US review still counted as allowed (default notification)" }),
    maxChina: z
      .enum(CHINA_STATUSES)
      .optional()
      .openapi({ description: "most restrictive China status still counted (default conditional)" }),
    unlaunched: z.boolean().optional().openapi({ description: "include chips launched after `date`" }),
  })
  .openapi("AllowedRequest");

const verdictSchema = z.record(z.string(), z.unknown());

const conditionSchema = z
  .object({
    kind: z.string(),
    text: z.string(),
    rule: z.string(),
    percent: z.number().optional(),
    days: z.number().optional(),
    when: z.string().optional(),
  })
  .openapi("VerdictCondition");

/** One row of `POST /api/allowed` (core `allowedRow`) and the verdict it came from. */
const allowedRowSchema = z
  .object({
    chip: z.string(),
    name: z.string(),
    vendor: z.string(),
    eccn: z.string(),
    licenseRequired: z.boolean(),
    review: z.enum(REVIEWS),
    domesticSale: z.boolean(),
    chinaStatus: z.enum(CHINA_STATUSES),
    conditions: z.array(conditionSchema),
    rules: z.array(z.string()),
    unevaluated: z.array(z.string()).openapi({
      description:
        "ECCN paragraphs not evaluable (unknown TPP, PD or die area): passes on what is known only",
    }),
    conditional: z
      .array(conditionSchema)
      .openapi({ description: "terms that apply only if a fact not given holds (`when`)" }),
    result: verdictSchema,
  })
  .openapi("AllowedRow");

function requireRules(ctx: ServerContext): readonly Rule[] {
  if (ctx.domain.rules === undefined)
    throw new ApiError(503, "unavailable", "the policy rules (data/policies/) are missing or invalid");
  return ctx.domain.rules;
}

/** `POST /api/classify` and `POST /api/timeline`: export-control verdicts (`classify`, `timeline`). */
export function policyRoutes(app: App, ctx: ServerContext): void {
  const { chips } = ctx.domain.catalog;
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/classify",
      tags: ["policy"],
      summary: "Export-control verdict (ECCN, US licence, China's gates) for a chip, date and destination",
      request: { body: jsonBody(classifyRequestSchema) },
      responses: {
        200: json(verdictSchema.openapi("ClassifyResult"), "The verdict with the rules that fired"),
        ...errorResponses(400, 404, 413, 503),
      },
    }),
    (c) => {
      const b = c.req.valid("json");
      const rules = requireRules(ctx);
      const chip = findById("chip", chips, b.chip);
      const result = classify(chip, rules, {
        date: b.date ?? new Date().toISOString().slice(0, 10),
        to: b.to,
        buyerHq: b.buyerHq ?? b.to,
        ...defined({ endUse: b.endUse, chinaStance: b.chinaStance }),
      });
      return c.json(asJson(result), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/timeline",
      tags: ["policy"],
      summary: "A chip's export-control status changes over time",
      request: { body: jsonBody(timelineRequestSchema) },
      responses: {
        200: json(
          z.object({ chip: z.string(), to: z.string(), buyerHq: z.string(), entries: z.array(z.unknown()) }),
          "The status changes, oldest first",
        ),
        ...errorResponses(400, 404, 413, 503),
      },
    }),
    (c) => {
      const b = c.req.valid("json");
      const rules = requireRules(ctx);
      const chip = findById("chip", chips, b.chip);
      if (b.from !== undefined && b.until !== undefined && b.from > b.until)
        throw new ApiError(400, "invalid_request", "body.from: must not be after body.until", {
          issues: [{ path: "body.from", message: "must not be after body.until" }],
        });
      const buyerHq = b.buyerHq ?? b.to;
      const entries = timeline(chip, rules, b.to, {
        buyerHq,
        ...defined({ endUse: b.endUse, chinaStance: b.chinaStance, from: b.from, until: b.until }),
      });
      return c.json({ chip: chip.id, to: b.to, buyerHq, entries }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/allowed",
      tags: ["policy"],
      summary: "Which chips may reach a destination on a date, with their terms",
      request: { body: jsonBody(allowedRequestSchema) },
      responses: {
        200: json(
          z
            .object({
              date: z.string(),
              to: z.string(),
              buyerHq: z.string(),
              chinaStance: z.enum(CHINA_STANCES),
              maxReview: z.enum(REVIEWS),
              maxChina: z.enum(CHINA_STATUSES),
              considered: z.number().int(),
              chips: z.array(allowedRowSchema),
            })
            .openapi("AllowedResult"),
          "The chips allowed under the given thresholds, in catalog order: the rows of `dualtrack allowed --json`, each with its full verdict (`result`)",
        ),
        ...errorResponses(400, 413, 503),
      },
    }),
    (c) => {
      const b = c.req.valid("json");
      const rules = requireRules(ctx);
      const date = b.date ?? new Date().toISOString().slice(0, 10);
      const buyerHq = b.buyerHq ?? b.to;
      // Same rule as `dualtrack allowed`: a partial launch date ("2024") counts from its first day.
      const onMarket = chips.filter(
        (chip) => b.unlaunched === true || chip.launched <= date.slice(0, chip.launched.length),
      );
      const allowed = allowedChips(onMarket, rules, {
        date,
        to: b.to,
        buyerHq,
        ...defined({
          endUse: b.endUse,
          chinaStance: b.chinaStance,
          maxReview: b.maxReview,
          maxChina: b.maxChina,
        }),
      });
      const byId = new Map(onMarket.map((chip) => [chip.id, chip]));
      // the rows of `dualtrack allowed --json`, each with its full verdict beside it
      const rows = allowed.flatMap(({ chip, result }) => {
        const found = byId.get(chip);
        return found === undefined ? [] : [{ ...allowedRow(found, result), result: asJson(result) }];
      });
      return c.json(
        {
          date,
          to: b.to,
          buyerHq,
          chinaStance: b.chinaStance ?? "strict",
          maxReview: b.maxReview ?? "notification",
          maxChina: b.maxChina ?? "conditional",
          considered: onMarket.length,
          chips: rows,
        },
        200,
      );
    },
  );
}
