import { type Scenario, type ServingGap, type ServingRates, servingRates } from "@dualtrack/core";
import type { Domain } from "./domain.js";
import { ApiError } from "./errors.js";

/** A scenario's serving rates and the pairs the perf model could not give (core `servingRates`). */
export interface ScenarioServing {
  readonly rates: ServingRates;
  readonly gaps: readonly ServingGap[];
}

/**
 * Serving rates of a scenario from the server's catalog and perf data, as `dualtrack simulate` computes
 * them: nothing when the scenario has no `serving` block; a 503 when `data/perf/` is missing (serving
 * outputs would all read 0); a 400 naming the field for an unknown model or chip id.
 */
export function scenarioServingRates(domain: Domain, scenario: Scenario): ScenarioServing {
  if (scenario.serving === undefined) return { rates: {}, gaps: [] };
  if (domain.perf === undefined)
    throw new ApiError(
      503,
      "unavailable",
      "the scenario has serving outputs, but the performance model's data (data/perf/) is missing or invalid",
    );
  try {
    return servingRates(scenario, domain.catalog, domain.perf);
  } catch (error) {
    throw new ApiError(400, "invalid_request", error instanceof Error ? error.message : String(error));
  }
}
