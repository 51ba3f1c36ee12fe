import {
  CHINA_STANCES,
  type ChinaStance,
  defaultPlanInputs,
  type Plan,
  type PlanInputs,
  type PlanIssue,
  parsePlan,
  perfPlanInputs,
  policyPlanInputs,
  type Solver,
  solvePlan,
} from "@dualtrack/core";
import { loadHighsSolver } from "@dualtrack/solver";
import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../errors.js";
import type { App, ServerContext } from "../serverContext.js";
import type { ContentCheck } from "./documentRoutes.js";
import { asJson, errorResponses, json, jsonBody } from "./shared.js";

let solver: Promise<Solver> | undefined;

/** HiGHS, loaded once per process (its first solve compiles the Wasm; `startServer` warms it up). */
export function planSolver(): Promise<Solver> {
  solver ??= loadHighsSolver();
  return solver;
}

const asIssues = (prefix: string, issues: readonly PlanIssue[]) =>
  issues.map((i) => ({ path: i.path === "" ? prefix : `${prefix}.${i.path}`, message: i.message }));

/** A stored plan's content must parse as a plan (`parsePlan`). */
export const planCheck: ContentCheck = (content) => {
  const parsed = parsePlan(content);
  return parsed.plan === undefined ? asIssues("body.body", parsed.issues) : [];
};

function invalid(issues: readonly { path: string; message: string }[]): ApiError {
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return new ApiError(
    400,
    "invalid_request",
    first === undefined ? "invalid plan" : `${first.path}: ${first.message}${more}`,
    {
      issues,
    },
  );
}

/**
 * The same chain as `dualtrack plan`: catalog defaults → availability and terms from the policy engine at
 * each period's first day (a plan's own `licences:` entries win) → capacity per chip from the perf model.
 * A layer whose data failed to load is skipped, so the answer degrades to the defaults instead of failing.
 */
function planInputs(ctx: ServerContext, plan: Plan, base: PlanInputs, stance: ChinaStance): PlanInputs {
  const { catalog, rules, perf } = ctx.domain;
  const withPolicy = rules === undefined ? base : policyPlanInputs(base, plan, catalog.chips, rules, stance);
  return perf === undefined ? withPolicy : perfPlanInputs(withPolicy, catalog, perf);
}

/** `POST /api/plan`: solve a procurement plan (the content of a plan YAML, as JSON) with HiGHS. */
export function planRoutes(app: App, ctx: ServerContext): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/plan",
      tags: ["plan"],
      summary: "Solve a procurement plan: purchases per period, binding constraints and shadow prices",
      request: {
        query: z.object({
          chinaStance: z
            .enum(CHINA_STANCES)
            .optional()
            .openapi({ description: "how China's reported import gates are read (default strict)" }),
        }),
        body: jsonBody(
          z.record(z.string(), z.unknown()).openapi("PlanDocument", {
            description: "a plan file (examples/plans/*.yaml) as JSON",
          }),
        ),
      },
      responses: {
        200: json(z.record(z.string(), z.unknown()).openapi("PlanResult"), "The solution, explained"),
        ...errorResponses(400, 413),
      },
    }),
    async (c) => {
      const parsed = parsePlan(c.req.valid("json"));
      if (parsed.plan === undefined) throw invalid(asIssues("body", parsed.issues));
      const { inputs, issues } = defaultPlanInputs(ctx.domain.catalog, parsed.plan);
      if (issues.length > 0) throw invalid(asIssues("body", issues));
      const stance = c.req.valid("query").chinaStance ?? "strict";
      const result = solvePlan(parsed.plan, planInputs(ctx, parsed.plan, inputs, stance), await planSolver());
      return c.json(asJson(result), 200);
    },
  );
}
