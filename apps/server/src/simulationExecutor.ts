import {
  compileScenario,
  type Scenario,
  type SimAggregate,
  type SimSummary,
  scenarioSchema,
  summarize,
} from "@dualtrack/core";
import type { SimulationPool } from "@dualtrack/runner";
import type { RunResult } from "@dualtrack/store";
import type { RunExecutor } from "./runQueue.js";
import type { ScenarioServing } from "./scenarioServingRates.js";

const finite = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

/**
 * The rows kept per output per quarter: the summary's P5/P25/P50/P75/P95 (log-histogram quantiles,
 * ≈ ±0.5 % relative) and the exact count, minimum and maximum of the histogram. Mean and standard deviation
 * are null: the streaming aggregate keeps bins, not sums.
 */
export function resultRows(summary: SimSummary, agg: SimAggregate): RunResult[] {
  const nQ = summary.quarters.length;
  const rows: RunResult[] = [];
  summary.outputs.forEach((o, i) => {
    summary.quarters.forEach((period, q) => {
      const h = agg.hist[i * nQ + q];
      const n = h?.count ?? 0;
      rows.push({
        output: o.name,
        period,
        n,
        mean: null,
        sd: null,
        min: n > 0 ? finite(h?.min) : null,
        p05: finite(o.p5[q]),
        p25: finite(o.p25[q]),
        p50: finite(o.p50[q]),
        p75: finite(o.p75[q]),
        p95: finite(o.p95[q]),
        max: n > 0 ? finite(h?.max) : null,
      });
    });
  });
  return rows;
}

/**
 * Runs scenarios in the simulation worker pool (`@dualtrack/runner`): the pool splits the replications in
 * chunks, reports progress after each and stops on abort. Same scenario and seed ⇒ the same results,
 * whatever the pool size. `servingOf` gives a scenario's per-chip serving rates (the server passes
 * {@link scenarioServingRates}); the summary then carries `servingRates` and `servingGaps` as
 * `dualtrack simulate --json` does. Without it, serving outputs are 0.
 */
export function simulationExecutor(
  pool: SimulationPool,
  servingOf: (scenario: Scenario) => ScenarioServing = () => ({ rates: {}, gaps: [] }),
): RunExecutor {
  return async ({ run, document, signal, onProgress }) => {
    const scenario = scenarioSchema.parse(document);
    const { rates, gaps } = servingOf(scenario);
    const agg = await pool.aggregate(scenario, {
      runs: run.runs,
      seed: run.seed,
      signal,
      servingRates: rates,
      onProgress: (done) => onProgress(done),
    });
    const summary = summarize(compileScenario(scenario, rates), agg, run.seed);
    return {
      results: resultRows(summary, agg),
      summary:
        scenario.serving === undefined ? summary : { ...summary, servingRates: rates, servingGaps: gaps },
    };
  };
}
