import type { Chip, Precision } from "../catalog/chip.js";
import type { Model } from "../catalog/model.js";
import { atPeriod, type Demand, type Plan, type PlanIssue } from "./planSchema.js";

/** A chip as the planner sees it: the facts the model needs, with overrides from the plan applied. */
export interface PlanChip {
  readonly id: string;
  readonly name: string;
  /** ISO code of the designer's HQ. */
  readonly country: string;
  /** Designed in the buyer's country (counts towards a domestic-share mandate). */
  readonly domestic: boolean;
  /** List price per unit, USD. */
  readonly priceUsd: number;
  readonly tdpW: number;
  /** Dense TFLOPS used for the `compute` basis of a mandate (bf16, else fp16, else half of fp8/int8). */
  readonly computeTflops: number;
  /** Whether the plan may buy it (a chip only in `existingFleet` may not). */
  readonly candidate: boolean;
}

/** What the policy engine says about buying a chip in a period, priced in. */
export interface ChipAvailability {
  readonly available: boolean;
  /** Multiplier on the unit price: licence revenue share, tariff, … (1 when none). */
  readonly priceMultiplier: number;
  /** Volume cap of a licence for this period (undefined: none). */
  readonly maxUnits?: number | undefined;
  /** Conditions in words ("case-by-case licence, 25% revenue share"), shown with the plan. */
  readonly conditions: readonly string[];
  /** Why it is unavailable, in words. */
  readonly reason?: string | undefined;
}

/** How much of a demand one unit of a chip covers, and what the demand needs, in the same unit. */
export interface DemandMeasure {
  /** The amount needed (e.g. 2.0e6 output tokens/s; 4,800 EFLOP over the window). */
  readonly required: number;
  /** The unit in words: "output tokens/s", "EFLOP". */
  readonly unit: string;
  /** The increment used for shadow prices in words ("1,000 output tokens/s"). */
  readonly step: number;
  /** One line for messages: "serve qwen3.5-397b-a17b at 2.0e6 output tokens/s (fp8) in 2026". */
  readonly text: string;
}

/** Where one unit's capacity for a demand came from, as reported with a plan. */
export interface CapacityDetail {
  /** Capacity of one unit in the demand's unit (0: cannot serve it; `reason` says why). */
  readonly perUnit: number;
  /** `perf-model`: estimated by the performance model; `stand-in`: dense peak × a fixed efficiency. */
  readonly source: "perf-model" | "stand-in";
  /** Whether the perf estimate rests on a calibration fitted to measurements of this chip or family. */
  readonly calibrated: boolean;
  /** The operating point chosen, in words ("trtllm fp8, tp 8, batch 96, TPOT 49.1 ms, …"). */
  readonly setting?: string | undefined;
  /** The operating point as numbers: layout of one instance (serving) or of the training run. */
  readonly point?:
    | {
        readonly tp: number;
        readonly ep: number;
        readonly batch: number;
        readonly tpotMs: number;
        readonly ttftMs: number;
      }
    | {
        readonly runChips: number;
        readonly tp: number;
        readonly pp: number;
        readonly cp: number;
        readonly mfu: number;
        readonly days: number;
      }
    | undefined;
  /** Why the capacity is zero (or why the stand-in was used). */
  readonly reason?: string | undefined;
}

/**
 * Everything the planner needs from the policy engine and the performance model. The planner is written
 * against this interface only; `defaultPlanInputs` is a simple stand-in until the real engines plug in.
 */
export interface PlanInputs {
  /** Chips the plan may buy or already owns, with their facts. */
  readonly chips: readonly PlanChip[];
  /** Candidates left out, each with the reason ("no price: add chips.<id>.priceUsd to the plan"). */
  readonly excluded: readonly { readonly chip: string; readonly reason: string }[];
  /** Whether `chip` may be bought in `period`, and on what terms. */
  availability(chip: PlanChip, period: string): ChipAvailability;
  /** Capacity of one unit of `chip` for `demand`, in the demand's unit (0: cannot serve it). */
  capacity(chip: PlanChip, demand: Demand): number;
  /** Where `capacity` came from (absent: the stand-in). */
  capacityDetail?(chip: PlanChip, demand: Demand): CapacityDetail;
  /** The demand's requirement in the same unit as `capacity`. */
  measure(demand: Demand): DemandMeasure;
}

/** The catalog facts the default inputs read (a `Catalog` fits). */
export interface PlanCatalog {
  readonly chips: readonly PlanCatalogChip[];
  readonly models: readonly { readonly id: string; readonly params: Pick<Model["params"], "activeB"> }[];
}

export type PlanCatalogChip = Pick<
  Chip,
  "id" | "name" | "country" | "datacenter" | "status" | "launched" | "dense" | "tdpW" | "priceUsd"
>;

/** Efficiencies of the default inputs: achieved / dense peak FLOPS. */
export interface DefaultEfficiency {
  /** Serving at a TPOT SLO: 0.05 of dense peak (decode is memory-bound; batches are capped by the SLO). */
  readonly serve: number;
  /** Training (MFU): 0.40 of dense peak. */
  readonly train: number;
}

export const DEFAULT_EFFICIENCY: DefaultEfficiency = { serve: 0.05, train: 0.4 };

/** Dense rate for a precision, falling back to bf16/fp16 where a chip lacks the low precision. */
export function denseAt(chip: Pick<Chip, "dense">, precision: Precision): number {
  const d = chip.dense;
  const order: Precision[] =
    precision === "bf16" || precision === "fp16"
      ? [precision, precision === "bf16" ? "fp16" : "bf16"]
      : [precision, "bf16", "fp16"];
  for (const p of order) {
    const v = d[p];
    if (v !== undefined && v > 0) return v;
  }
  return 0;
}

function computeTflops(chip: PlanCatalogChip): number {
  const d = chip.dense;
  return d.bf16 ?? d.fp16 ?? (d.fp8 ?? d.int8 ?? 0) / 2;
}

const fmt = (x: number) => (Math.abs(x) >= 1e5 ? x.toExponential(1) : x.toLocaleString("en-US"));

/**
 * Simple stand-in inputs until the policy engine and perf model are plugged in:
 * - candidates: the plan's list, else every datacenter chip not cancelled; a candidate without a price
 *   or TDP (in the catalog or the plan's `chips:` overrides) is excluded with the reason;
 * - availability: a chip is available from the year it launched; `licences: { <id>: false }` makes it
 *   unavailable and `{ priceMultiplier, maxUnits }` prices a licence in. Without an entry, foreign chips
 *   are available to a CN buyer; CN-designed chips are unavailable to a US-headquartered buyer (BIS
 *   guidance on Ascend chips), everything else is available;
 * - capacity: serving = dense rate at the demand's precision × `efficiency.serve` / (2 × active params)
 *   output tokens/s per chip; training = dense rate × `efficiency.train` × the window, against
 *   6 × active params × tokens. `tpotMsMax` is not modelled here (the perf model will).
 */
export function defaultPlanInputs(
  catalog: PlanCatalog,
  plan: Plan,
  efficiency: DefaultEfficiency = DEFAULT_EFFICIENCY,
): { inputs: PlanInputs; issues: PlanIssue[] } {
  const issues: PlanIssue[] = [];
  const byId = new Map(catalog.chips.map((c) => [c.id, c]));
  const models = new Map(catalog.models.map((m) => [m.id, m]));
  const ids =
    plan.candidates ?? catalog.chips.filter((c) => c.datacenter && c.status !== "cancelled").map((c) => c.id);
  for (const [i, id] of (plan.candidates ?? []).entries())
    if (!byId.has(id)) issues.push({ path: `candidates[${i}]`, message: `unknown chip '${id}'` });
  // every map keyed by chip id: a typo would silently drop the licence terms, caps or overrides
  for (const key of ["existingFleet", "supply", "licences", "chips"] as const)
    for (const id of Object.keys(plan[key]))
      if (!byId.has(id)) issues.push({ path: `${key}.${id}`, message: `unknown chip '${id}'` });
  for (const [i, d] of plan.demand.entries()) {
    const model = "serve" in d ? d.serve.model : d.train.model;
    if (!models.has(model))
      issues.push({
        path: `demand[${i}].${"serve" in d ? "serve" : "train"}.model`,
        message: `unknown model '${model}'`,
      });
  }
  const excluded: { chip: string; reason: string }[] = [];
  const chips: PlanChip[] = [];
  const catalogChips = new Map<string, PlanCatalogChip>();
  const all = [...new Set([...ids, ...Object.keys(plan.existingFleet)])];
  for (const id of all) {
    const chip = byId.get(id);
    if (chip === undefined) continue;
    const override = plan.chips[id] ?? {};
    const price = override.priceUsd ?? chip.priceUsd;
    const tdp = override.tdpW ?? chip.tdpW;
    const candidate = ids.includes(id);
    if (price === null || tdp === null) {
      const missing = [price === null ? "price" : "", tdp === null ? "TDP" : ""].filter((s) => s !== "");
      const reason = `no ${missing.join(" or ")} in the catalog: add chips.${id}.${price === null ? "priceUsd" : "tdpW"} to the plan`;
      if (candidate || (plan.existingFleet[id] ?? 0) > 0) excluded.push({ chip: id, reason });
      continue;
    }
    catalogChips.set(id, chip);
    chips.push({
      id,
      name: chip.name,
      country: chip.country,
      domestic: chip.country === plan.buyer.country,
      priceUsd: price,
      tdpW: tdp,
      computeTflops: computeTflops(chip),
      candidate,
    });
  }
  const hq = plan.buyer.hq ?? plan.buyer.country;

  const availability = (chip: PlanChip, period: string): ChipAvailability => {
    const year = Number(period.slice(0, 4));
    const launched = Number(catalogChips.get(chip.id)?.launched.slice(0, 4) ?? "0");
    const licence = plan.licences[chip.id];
    const conditions: string[] = [];
    if (!chip.candidate)
      return { available: false, priceMultiplier: 1, conditions, reason: "not a candidate" };
    if (launched > year)
      return { available: false, priceMultiplier: 1, conditions, reason: `not launched until ${launched}` };
    if (licence === false || (typeof licence === "object" && !licence.granted))
      return { available: false, priceMultiplier: 1, conditions, reason: "licence not granted (plan file)" };
    if (typeof licence === "object") {
      const maxUnits = atPeriod(licence.maxUnits, period);
      if (licence.priceMultiplier !== 1)
        conditions.push(`price ×${licence.priceMultiplier} (licence terms: revenue share or tariff)`);
      if (maxUnits !== undefined)
        conditions.push(`licence volume cap ${maxUnits.toLocaleString("en-US")} units`);
      return { available: true, priceMultiplier: licence.priceMultiplier, maxUnits, conditions };
    }
    if (licence === undefined && hq === "US" && chip.country === "CN")
      return {
        available: false,
        priceMultiplier: 1,
        conditions,
        reason: "CN-designed chip for a US buyer (BIS guidance on Ascend chips)",
      };
    return { available: true, priceMultiplier: 1, conditions };
  };

  const activeParams = (d: Demand) => {
    const model = models.get("serve" in d ? d.serve.model : d.train.model);
    return (model?.params.activeB ?? Number.NaN) * 1e9;
  };

  const capacity = (chip: PlanChip, d: Demand): number => {
    const c = catalogChips.get(chip.id);
    if (c === undefined) return 0;
    const n = activeParams(d);
    if (!(n > 0)) return 0;
    if ("serve" in d) return (denseAt(c, d.serve.precision) * 1e12 * efficiency.serve) / (2 * n);
    return (denseAt(c, d.train.precision) * 1e12 * efficiency.train * 86_400 * d.train.withinDays) / 1e18;
  };

  const measure = (d: Demand): DemandMeasure => {
    if ("serve" in d)
      return {
        required: d.serve.outputTokensPerSec,
        unit: "output tokens/s",
        step: 1000,
        text: `serve ${d.serve.model} at ${fmt(d.serve.outputTokensPerSec)} output tokens/s (${d.serve.precision}) in ${d.period}`,
      };
    return {
      required: (6 * activeParams(d) * d.train.tokens) / 1e18,
      unit: "EFLOP",
      step: (6 * activeParams(d) * d.train.tokens) / 1e18 / 100,
      text: `train ${d.train.model} on ${fmt(d.train.tokens)} tokens within ${d.train.withinDays} days in ${d.period}`,
    };
  };

  return { inputs: { chips, excluded, availability, capacity, measure }, issues };
}
