import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../errors.js";
import { scenarioServingRates } from "../scenarioServingRates.js";
import type { App, ServerContext } from "../serverContext.js";
import { scenarioRefSchema, storedOrBaselineScenario } from "./backtestRoutes.js";
import { errorResponses, json, jsonBody } from "./shared.js";

/** The body of `POST /api/sensitivity`: the flags of `dualtrack sensitivity` as JSON fields. */
export const sensitivityRequestSchema = z
  .strictObject({
    scenario: scenarioRefSchema,
    output: z.string().min(1).max(200).openapi({ example: "installedH100e.domestic" }),
    period: z
      .string()
      .regex(/^\d{4}(Q[1-4])?$/, "a year (2027) or a quarter (2027Q4)")
      .openapi({ example: "2027" }),
    top: z.number().int().min(1).max(200).optional().openapi({ description: "bars kept (default 10)" }),
    // Each bar costs 2 × runs replications on the request's thread: capped to keep an answer in seconds.
    runs: z
      .number()
      .int()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: "replications averaged per point (default 16)" }),
    seed: z.number().int().min(0).max(4_294_967_295).optional(),
  })
  .openapi("SensitivityRequest");

const barSchema = z
  .object({
    param: z.string(),
    low: z.number(),
    high: z.number(),
    outputLow: z.number(),
    outputHigh: z.number(),
    swing: z.number(),
  })
  .passthrough()
  .openapi("TornadoBar");

/** `POST /api/sensitivity`: one-at-a-time tornado of a scenario's parameters on one output (`tornado`). */
export function sensitivityRoutes(app: App, ctx: ServerContext): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/sensitivity",
      tags: ["simulation"],
      summary: "Which parameters move an output most (one-at-a-time tornado)",
      request: { body: jsonBody(sensitivityRequestSchema) },
      responses: {
        200: json(
          z
            .object({ output: z.string(), period: z.string(), base: z.number(), bars: z.array(barSchema) })
            .passthrough()
            .openapi("TornadoResult"),
          "The bars, largest swing first",
        ),
        ...errorResponses(400, 404, 413, 501, 503),
      },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const scenario = await storedOrBaselineScenario(ctx, b.scenario);
      const { rates } = scenarioServingRates(ctx.domain, scenario);
      try {
        const result = await ctx.tornado(scenario, {
          output: b.output,
          period: b.period,
          servingRates: rates,
          ...(b.top === undefined ? {} : { top: b.top }),
          ...(b.runs === undefined ? {} : { runs: b.runs }),
          ...(b.seed === undefined ? {} : { seed: b.seed }),
        });
        return c.json({ ...result, bars: [...result.bars] }, 200);
      } catch (error) {
        // An output the scenario does not have, or a period outside it: the message names the field.
        throw new ApiError(400, "invalid_request", error instanceof Error ? error.message : String(error));
      }
    },
  );
}
