import { estimateInference, type Scenario, type ServingRates } from "@dualtrack/core";
import { requireCatalog } from "../context.js";
import { CliError } from "../io.js";
import { requirePerfData } from "./perfCommand.js";

/** A serving rate the perf model could not give (the model does not fit the chip, or a spec is missing). */
export interface ServingGap {
  readonly model: string;
  readonly product: string;
  readonly chip: string;
  readonly reason: string;
}

/**
 * Output tokens/s per chip for each (model, product) of a scenario's `serving` block, from the perf
 * model at the block's workload. A pair the perf model cannot estimate (or where the weights and KV cache
 * do not fit at that parallelism) gets rate 0 and is listed in `gaps`, so serving capacity is never
 * overstated.
 */
export async function servingRatesFor(
  scenario: Scenario,
  dataDir: string | undefined,
): Promise<{ rates: ServingRates; gaps: ServingGap[] }> {
  const serving = scenario.serving;
  if (serving === undefined) return { rates: {}, gaps: [] };
  const catalog = await requireCatalog(dataDir);
  const perf = await requirePerfData(dataDir, catalog);
  const rates: Record<string, Record<string, number>> = {};
  const gaps: ServingGap[] = [];
  for (const modelId of serving.models) {
    const model = catalog.models.find((m) => m.id === modelId);
    if (model === undefined) throw new CliError(`serving.models: unknown model '${modelId}'`);
    const row: Record<string, number> = {};
    for (const [product, chipId] of Object.entries(serving.chips)) {
      const chip = catalog.chips.find((c) => c.id === chipId);
      if (chip === undefined) throw new CliError(`serving.chips.${product}: unknown chip '${chipId}'`);
      const { precision, tp, batch, isl, osl } = serving.workload;
      try {
        const e = estimateInference(model, chip, perf, { precision, tp }, { batch, isl, osl });
        if (!e.memory.fits) gaps.push({ model: modelId, product, chip: chipId, reason: "does not fit" });
        row[product] = e.memory.fits ? e.outputTokensPerSecPerChip : 0;
      } catch (error) {
        gaps.push({
          model: modelId,
          product,
          chip: chipId,
          reason: error instanceof Error ? error.message : String(error),
        });
        row[product] = 0;
      }
    }
    rates[modelId] = row;
  }
  return { rates, gaps };
}
