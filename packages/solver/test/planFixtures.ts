import {
  defaultPlanInputs,
  type Plan,
  type PlanCatalog,
  type PlanCatalogChip,
  type PlanFile,
  parsePlan,
} from "@dualtrack/core";

/** A synthetic chip: `bf16` dense TFLOPS, price and TDP as given. */
export function chip(
  id: string,
  country: string,
  priceUsd: number,
  tdpW: number,
  bf16: number,
): PlanCatalogChip {
  return {
    id,
    name: id,
    country,
    datacenter: true,
    status: "shipping",
    launched: "2024-01",
    dense: { bf16, fp8: bf16 * 2 },
    tdpW,
    priceUsd,
  };
}

/** One model with 1B active parameters: with serve efficiency 0.002, a chip serves bf16 × 1 tokens/s. */
export const tinyModels: PlanCatalog["models"] = [{ id: "tiny", params: { activeB: 1 } }];
export const UNIT_EFFICIENCY = { serve: 0.002, train: 0.4 };

export function planOf(file: PlanFile): Plan {
  const parsed = parsePlan(file);
  if (parsed.plan === undefined) throw new Error(JSON.stringify(parsed.issues));
  return parsed.plan;
}

export function inputsOf(chips: readonly PlanCatalogChip[], plan: Plan) {
  const { inputs, issues } = defaultPlanInputs({ chips, models: tinyModels }, plan, UNIT_EFFICIENCY);
  if (issues.length > 0) throw new Error(JSON.stringify(issues));
  return inputs;
}

export const serve = (period: number, tokensPerSec: number, id?: string) => ({
  ...(id === undefined ? {} : { id }),
  period,
  serve: { model: "tiny", precision: "bf16" as const, outputTokensPerSec: tokensPerSec },
});
