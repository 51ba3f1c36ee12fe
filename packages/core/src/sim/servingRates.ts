import type { Catalog } from "../catalog/catalog.js";
import { estimateInference } from "../perf/estimateInference.js";
import type { PerfData } from "../perf/perfData.js";
import type { ServingRates } from "./compile.js";
import type { Scenario } from "./scenario.js";

/** A serving rate the perf model could not give (the model does not fit the chip, or a spec is missing). */
export interface ServingGap {
  readonly model: string;
  readonly product: string;
  readonly chip: string;
  readonly reason: string;
}

/**
 * Output tokens/s per chip for each (model, product) of a scenario's `serving` block, from the perf
 * model (estimateInference) at the block's workload. A pair the perf model cannot estimate, or whose
 * weights and KV cache do not fit at that parallelism, gets rate 0 and is listed in `gaps`, so serving
 * capacity is never overstated. Unknown model or chip ids throw an Error naming the field.
 */
export function servingRates(
  scenario: Scenario,
  catalog: Catalog,
  perf: PerfData,
): { rates: ServingRates; gaps: ServingGap[] } {
  const serving = scenario.serving;
  if (serving === undefined) return { rates: {}, gaps: [] };
  const rates: Record<string, Record<string, number>> = {};
  const gaps: ServingGap[] = [];
  const { precision, tp, batch, isl, osl } = serving.workload;
  for (const modelId of serving.models) {
    const model = catalog.models.find((m) => m.id === modelId);
    if (model === undefined) throw new Error(`serving.models: unknown model '${modelId}'`);
    const row: Record<string, number> = {};
    for (const [product, chipId] of Object.entries(serving.chips)) {
      const chip = catalog.chips.find((c) => c.id === chipId);
      if (chip === undefined) throw new Error(`serving.chips.${product}: unknown chip '${chipId}'`);
      try {
        const e = estimateInference(model, chip, perf, { precision, tp }, { batch, isl, osl });
        if (!e.memory.fits) gaps.push({ model: modelId, product, chip: chipId, reason: "does not fit" });
        row[product] = e.memory.fits ? e.outputTokensPerSecPerChip : 0;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        gaps.push({ model: modelId, product, chip: chipId, reason });
        row[product] = 0;
      }
    }
    rates[modelId] = row;
  }
  return { rates, gaps };
}
