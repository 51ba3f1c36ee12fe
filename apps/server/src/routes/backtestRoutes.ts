import { backtest, closestIds, compileScenario, type Scenario, scenarioSchema } from "@dualtrack/core";
import { createRoute, z } from "@hono/zod-openapi";
import { ApiError, notFound } from "../errors.js";
import type { App, ServerContext } from "../serverContext.js";
import { errorResponses, json, jsonBody } from "./shared.js";

/** The `scenario` field of the simulation routes' bodies (see {@link storedOrBaselineScenario}). */
export const scenarioRefSchema = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .openapi({ description: "a stored scenario id; default: the bundled baseline" });

/** The body of `POST /api/backtest`. */
export const backtestRequestSchema = z
  .strictObject({
    scenario: scenarioRefSchema,
    runs: z
      .number()
      .int()
      .min(1)
      .max(2000)
      .optional()
      .openapi({ description: "default: the backtest file's" }),
    seed: z.number().int().min(0).max(4_294_967_295).default(1),
  })
  .openapi("BacktestRequest");

const rowSchema = z
  .object({
    metric: z.string(),
    period: z.string(),
    reported: z.number(),
    simulated: z.number(),
    p5: z.number(),
    p95: z.number(),
    error: z.number(),
    withinTolerance: z.boolean(),
    source: z.string(),
    explanation: z.string().optional(),
  })
  .openapi("BacktestRow");

/**
 * The scenario a simulation route runs: the stored scenario `id` (404 with the closest ids when there is
 * none), else the bundled baseline (501 when it is missing or invalid).
 */
export async function storedOrBaselineScenario(
  ctx: ServerContext,
  id: string | undefined,
): Promise<Scenario> {
  let content: unknown = ctx.domain.baseline;
  if (id !== undefined) {
    const doc = await ctx.store.scenarios.get(id);
    if (doc === undefined) throw notFound("scenario", id, closestIds(id, await ctx.store.scenarios.ids()));
    content = doc.body;
  }
  const scenario = scenarioSchema.safeParse(content);
  if (!scenario.success)
    throw new ApiError(501, "not_implemented", "the baseline scenario is missing or invalid");
  return scenario.data;
}

/** `POST /api/backtest`: the simulation against reported figures (`data/market/backtest.yaml`). */
export function backtestRoutes(app: App, ctx: ServerContext): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/backtest",
      tags: ["simulation"],
      summary: "Backtest the simulation against reported figures",
      request: { body: jsonBody(backtestRequestSchema) },
      responses: {
        200: json(z.object({ tolerance: z.number(), rows: z.array(rowSchema) }), "Reported versus simulated"),
        ...errorResponses(400, 404, 413, 501),
      },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const file = ctx.domain.backtest;
      if (file === undefined)
        throw new ApiError(
          501,
          "not_implemented",
          "no backtest data: data/market/backtest.yaml is missing or invalid",
        );
      const scenario = await storedOrBaselineScenario(ctx, b.scenario);
      let rows: ReturnType<typeof backtest>;
      try {
        rows = backtest(compileScenario({ ...scenario, end: file.end }), file, b.runs ?? file.runs, b.seed);
      } catch (error) {
        // A metric or period the scenario does not produce: the scenario does not fit the backtest data.
        throw new ApiError(400, "invalid_request", error instanceof Error ? error.message : String(error));
      }
      return c.json({ tolerance: file.tolerance, rows }, 200);
    },
  );
}
