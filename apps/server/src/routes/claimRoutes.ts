import { type ClaimResult, SUBJECT_KINDS, VERDICTS } from "@dualtrack/core";
import { createRoute, z } from "@hono/zod-openapi";
import { ApiError, notFound } from "../errors.js";
import type { App, ServerContext } from "../serverContext.js";
import { errorResponses, json } from "./shared.js";

const claimSchema = z
  .object({
    id: z.string(),
    claim: z.string(),
    where: z.object({ article: z.string(), paragraph: z.number(), anchor: z.string().optional() }),
    subject: z.object({
      kind: z.enum(SUBJECT_KINDS),
      id: z.string().optional(),
      name: z.string().optional(),
    }),
    verdict: z.enum(VERDICTS),
    reasons: z.array(z.string()),
    source: z.array(z.string()),
    quantity: z.unknown(),
    refersTo: z.string(),
    expected: z.enum(VERDICTS),
    note: z.string().nullable(),
  })
  .openapi("ClaimResult");

/** The row `dualtrack claims --json` prints: the DESIGN.md fields first, then provenance. */
const row = (r: ClaimResult) => ({
  id: r.id,
  claim: r.claim,
  where: r.where,
  subject: r.subject,
  verdict: r.verdict,
  reasons: [...r.reasons],
  source: [...r.source],
  quantity: r.quantity,
  refersTo: r.refersTo,
  expected: r.expected,
  note: r.note,
});

/** `GET /api/claims`: the evidence ledger of the seed articles, each claim with its verdict and reasons. */
export function claimRoutes(app: App, ctx: ServerContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/claims",
      tags: ["claims"],
      summary: "The claims ledger: each claim from the seed articles with its verdict and reasons",
      request: {
        query: z.object({
          verdict: z.enum(VERDICTS).optional(),
          subject: z.enum(SUBJECT_KINDS).optional(),
          article: z
            .string()
            .regex(/^\d{1,3}$/, "expected a seed article number such as 000 or 3")
            .transform((a) => a.padStart(3, "0"))
            .optional(),
          id: z.string().min(1).max(200).optional(),
        }),
      },
      responses: { 200: json(z.array(claimSchema), "The claims"), ...errorResponses(400, 404, 503) },
    }),
    (c) => {
      const q = c.req.valid("query");
      const claims = ctx.domain.claims;
      if (claims === undefined)
        throw new ApiError(503, "unavailable", "the claims ledger (data/claims/) is missing");
      const rows = claims.filter(
        (r) =>
          (q.verdict === undefined || r.verdict === q.verdict) &&
          (q.subject === undefined || r.subject.kind === q.subject) &&
          (q.article === undefined || r.where.article === q.article) &&
          (q.id === undefined || r.id === q.id),
      );
      if (q.id !== undefined && rows.length === 0) throw notFound("claim", q.id);
      return c.json(rows.map(row), 200);
    },
  );
}
