import type { Chip } from "../catalog/chip.js";
import type { Model } from "../catalog/model.js";
import { estimateTraining } from "../perf/estimateTraining.js";
import type { PerfData, PerfPrecision, TrainingPrecision } from "../perf/perfData.js";
import { type PreparedInference, prepareInference } from "../perf/prepareInference.js";
import { maxBatchAt, serveInto, servePoint } from "../perf/serveInto.js";
import type { CapacityDetail, DemandMeasure, PlanChip, PlanInputs } from "./planInputs.js";
import type { Demand } from "./planSchema.js";

/** Tensor-parallel degrees tried for serving: one instance within an 8-chip scale-up domain. */
const SERVE_TP = [1, 2, 4, 8] as const;
/** Largest concurrency per attention rank searched (beyond it throughput gains are negligible). */
const MAX_BATCH = 65_536;
/** Chips of the reference training run; its per-chip rate is re-estimated at the size the window needs. */
const TRAIN_REFERENCE_CHIPS = 4096;

const fmt = (x: number) => (Math.abs(x) >= 1e5 ? x.toExponential(1) : x.toLocaleString("en-US"));

/** Best serving setting found for one chip and demand, or why there is none. */
interface ServeBest {
  readonly perChip: number;
  readonly detail: CapacityDetail;
}

type ServeDemand = Extract<Demand, { serve: unknown }>;
type TrainDemand = Extract<Demand, { train: unknown }>;

/** The perf model has no separate fp16 path: fp16 serving is estimated as bf16 (same bytes and rate class). */
const servePrecision = (p: ServeDemand["serve"]["precision"]): PerfPrecision => (p === "fp16" ? "bf16" : p);

/**
 * Largest batch b ≤ `hi` with a fitting KV cache and TPOT ≤ `tpotMsMax` (when given). Both the KV
 * footprint and TPOT = t_dec(b) + α·b·t_pf/osl grow with b, so the feasible set is a prefix: bisect.
 */
function largestFeasibleBatch(
  p: PreparedInference,
  isl: number,
  osl: number,
  tpotMsMax: number | undefined,
  hi: number,
): number {
  const out = servePoint();
  const ok = (b: number) => {
    serveInto(p, b, isl, osl, out);
    return out.fits && (tpotMsMax === undefined || out.tpotMs <= tpotMsMax);
  };
  if (hi < 1 || !ok(1)) return 0;
  let lo = 1;
  let top = hi;
  while (lo < top) {
    const mid = Math.ceil((lo + top) / 2);
    if (ok(mid)) lo = mid;
    else top = mid - 1;
  }
  return lo;
}

/**
 * Serving capacity of one chip for a demand: the most output tokens/s per chip over tensor-parallel
 * degrees 1, 2, 4, 8 (and, for MoE models, experts spread over the tp chips or replicated) and over
 * batches meeting the SLO. For each layout, b* = the largest batch that fits and keeps TPOT ≤ tpotMsMax;
 * the batches 1, 2, 4, …, < b* and b* are evaluated (`serveInto`) and the best tokens/s per chip kept.
 */
function bestServe(model: Model, chip: Chip, perf: PerfData, d: ServeDemand): ServeBest {
  const { precision, isl, osl, tpotMsMax } = d.serve;
  const out = servePoint();
  let best: ServeBest | undefined;
  let fitsSomewhere = false;
  let minTpotMs = Number.POSITIVE_INFINITY;
  const errors: string[] = [];
  for (const tp of SERVE_TP) {
    for (const ep of model.arch.moe === undefined || tp === 1 ? [1] : [1, tp]) {
      let p: PreparedInference;
      try {
        p = prepareInference(model, chip, perf, { precision: servePrecision(precision), tp, ep });
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
        continue;
      }
      const hi = Math.min(MAX_BATCH, maxBatchAt(p, isl, isl + osl / 2, 1));
      if (hi < 1) continue;
      fitsSomewhere = true;
      serveInto(p, 1, isl, osl, out);
      minTpotMs = Math.min(minTpotMs, out.tpotMs);
      const top = largestFeasibleBatch(p, isl, osl, tpotMsMax, hi);
      if (top < 1) continue;
      const batches: number[] = [];
      for (let b = 1; b < top; b *= 2) batches.push(b);
      batches.push(top);
      for (const b of batches) {
        serveInto(p, b, isl, osl, out);
        if (best === undefined || out.outputTokensPerSecPerChip > best.perChip) {
          best = {
            perChip: out.outputTokensPerSecPerChip,
            detail: {
              perUnit: out.outputTokensPerSecPerChip,
              source: "perf-model",
              calibrated: p.calibrated,
              point: { tp, ep, batch: b, tpotMs: out.tpotMs, ttftMs: out.ttftMs },
              setting: `${p.stack} ${p.precision.requested} (GEMMs in ${p.precision.compute}), tp ${tp}${ep > 1 ? ` ep ${ep}` : ""}, batch ${b}, TPOT ${out.tpotMs.toFixed(1)} ms, TTFT ${out.ttftMs.toFixed(0)} ms`,
            },
          };
        }
      }
    }
  }
  if (best !== undefined) return best;
  const reason =
    errors.length > 0 && !fitsSomewhere
      ? `perf model: ${errors[0] ?? ""}`
      : !fitsSomewhere
        ? `the weights and one sequence's KV cache do not fit at tp ≤ ${SERVE_TP[SERVE_TP.length - 1]}`
        : `TPOT at batch 1 is ${minTpotMs.toFixed(1)} ms at best, above tpotMsMax ${tpotMsMax ?? ""} ms`;
  return {
    perChip: 0,
    detail: { perUnit: 0, source: "perf-model", calibrated: false, reason },
  };
}

/**
 * Training capacity of one chip: the training tokens one chip contributes within the window,
 *   tokensPerSecPerChip × 86,400 × withinDays,
 * from `estimateTraining` at the run size the window needs (first at 4,096 chips, then re-estimated at
 * ⌈4,096 · days / withinDays⌉ rounded up to a multiple of 64 so that the layout search has divisors; the
 * per-chip rate changes only through exposed data-parallel traffic and the layout).
 */
function bestTrain(model: Model, chip: Chip, perf: PerfData, d: TrainDemand): CapacityDetail {
  const { tokens, withinDays } = d.train;
  const precision: TrainingPrecision = d.train.precision === "fp8" ? "fp8" : "bf16";
  try {
    let est = estimateTraining(model, chip, perf, TRAIN_REFERENCE_CHIPS, tokens, { precision });
    const needed = Math.max(64, Math.ceil((TRAIN_REFERENCE_CHIPS * est.days) / withinDays / 64) * 64);
    if (needed !== TRAIN_REFERENCE_CHIPS) {
      const again = estimateTraining(model, chip, perf, needed, tokens, { precision });
      if (again.memory.fits) est = again;
    }
    if (!est.memory.fits)
      return {
        perUnit: 0,
        source: "perf-model",
        calibrated: false,
        reason: `training does not fit in memory (${est.memory.totalGB.toFixed(0)} of ${est.memory.capacityGB.toFixed(0)} GB per chip)`,
      };
    const l = est.parallel;
    return {
      perUnit: est.tokensPerSecPerChip * 86_400 * withinDays,
      source: "perf-model",
      calibrated: est.calibrated,
      point: { runChips: est.chips, tp: l.tp, pp: l.pp, cp: l.cp, mfu: est.mfu, days: est.days },
      setting: `${est.stack} ${est.precision}, ${est.chips.toLocaleString("en-US")} chips, tp ${l.tp} pp ${l.pp} cp ${l.cp}, ${(est.mfu * 100).toFixed(0)}% MFU, ${est.tokensPerSecPerChip.toFixed(0)} tokens/s per chip`,
    };
  } catch (error) {
    return {
      perUnit: 0,
      source: "perf-model",
      calibrated: false,
      reason: `perf model: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** The catalog records the perf layer needs (a `Catalog` fits). */
export interface PerfPlanCatalog {
  readonly chips: readonly Chip[];
  readonly models: readonly Model[];
}

/**
 * Capacity from the performance model, layered over `base` (availability and chips unchanged):
 * - serving: output tokens/s per chip at the SLO (see `bestServe`: best tp/ep/batch with TPOT ≤
 *   tpotMsMax and a fitting KV cache); a chip that cannot fit the model or meet the SLO gets 0 with the
 *   reason in `capacityDetail`;
 * - training: the measure becomes training tokens (required = the job's tokens) and one chip's capacity
 *   is the tokens it trains within the window (`bestTrain`).
 * Each (chip, demand) is computed once and cached, so re-solves (mandate cost, conflict search) reuse it.
 * A chip or model the catalog lacks falls back to `base` (reported as `stand-in`).
 */
export function perfPlanInputs(base: PlanInputs, catalog: PerfPlanCatalog, perf: PerfData): PlanInputs {
  const chips = new Map(catalog.chips.map((c) => [c.id, c]));
  const models = new Map(catalog.models.map((m) => [m.id, m]));
  const cache = new Map<string, CapacityDetail>();
  const keyOf = (chip: PlanChip, d: Demand) =>
    "serve" in d
      ? `${chip.id}|s|${d.serve.model}|${d.serve.precision}|${d.serve.isl}|${d.serve.osl}|${d.serve.tpotMsMax ?? ""}`
      : `${chip.id}|t|${d.train.model}|${d.train.precision}|${d.train.tokens}|${d.train.withinDays}`;
  const capacityDetail = (chip: PlanChip, d: Demand): CapacityDetail => {
    const key = keyOf(chip, d);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const c = chips.get(chip.id);
    const m = models.get("serve" in d ? d.serve.model : d.train.model);
    let detail: CapacityDetail;
    if (c === undefined || m === undefined)
      detail = {
        perUnit: base.capacity(chip, d),
        source: "stand-in",
        calibrated: false,
        reason: "not in the catalog the perf model reads",
      };
    else detail = "serve" in d ? bestServe(m, c, perf, d).detail : bestTrain(m, c, perf, d);
    cache.set(key, detail);
    return detail;
  };
  const measure = (d: Demand): DemandMeasure => {
    if ("serve" in d) return base.measure(d);
    return {
      required: d.train.tokens,
      unit: "training tokens",
      step: d.train.tokens / 100,
      text: `train ${d.train.model} on ${fmt(d.train.tokens)} tokens within ${d.train.withinDays} days in ${d.period}`,
    };
  };
  return {
    ...base,
    capacity: (chip, d) => capacityDetail(chip, d).perUnit,
    capacityDetail,
    measure,
  };
}
