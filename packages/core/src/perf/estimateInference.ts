import type { Chip } from "../catalog/chip.js";
import type { Model } from "../catalog/model.js";
import type { PerfData, PerfPrecision, Stack } from "./perfData.js";
import {
  type InferenceOptions,
  MAX_STEP_TOKENS,
  type Parallel,
  prepareInference,
} from "./prepareInference.js";
import { serveInto, servePoint } from "./serveInto.js";
import { type Bound, boundOf, timeSplit } from "./stepTime.js";

/** A serving workload: concurrency per attention rank, prompt and output lengths. */
export interface Workload {
  readonly batch?: number;
  readonly isl?: number;
  readonly osl?: number;
}

/** Defaults of {@link Workload}: one request at a time, 1,024 tokens in, 1,024 out. */
export const DEFAULT_WORKLOAD = { batch: 1, isl: 1024, osl: 1024 } as const;

interface MsSplit {
  readonly memoryMs: number;
  readonly computeMs: number;
  readonly interconnectMs: number;
  readonly overheadMs: number;
}

/** A full inference estimate: the `dualtrack perf --json` document. */
export interface InferenceEstimate {
  readonly model: string;
  readonly chip: string;
  readonly stack: Stack;
  readonly precision: {
    readonly requested: PerfPrecision;
    readonly compute: string;
    readonly kvCache: string;
  };
  readonly parallel: Parallel;
  readonly workload: {
    readonly batch: number;
    readonly isl: number;
    readonly osl: number;
    /**
     * How the requests are served: always `aggregated` (prefill and decode batched together on the same
     * chips, continuous batching). Disaggregated serving (separate prefill and decode pools) is not
     * modelled; `prefillSec` and `decodeStepSec` estimate its pools separately.
     */
    readonly mode: "aggregated";
  };
  readonly ttftMs: number;
  readonly tpotMs: number;
  readonly outputTokensPerSec: number;
  readonly outputTokensPerSecPerChip: number;
  /** Per chip, GB: weights, KV cache of the running batch at isl + osl/2 (steady-state average), activations, framework reserve. */
  readonly memory: {
    readonly weightsGB: number;
    readonly kvCacheGB: number;
    readonly activationsGB: number;
    readonly reserveGB: number;
    readonly totalGB: number;
    readonly capacityGB: number;
    readonly fits: boolean;
    readonly maxBatch: number;
  };
  readonly bound: { readonly prefill: Bound; readonly decode: Bound };
  readonly breakdown: { readonly decodeStep: MsSplit; readonly prefill: MsSplit };
  readonly energy: {
    /** Chip energy per output token, J (power between idle and TDP by utilisation). */
    readonly joulesPerToken: number | null;
    /** The same at the facility meter (× PUE). */
    readonly facilityJoulesPerToken: number | null;
    readonly wattsPerChip: number | null;
    readonly utilisation: number;
  };
  readonly costUsdPerMTokens: number | null;
  readonly cost: {
    readonly capexUsdPerMTokens: number | null;
    readonly energyUsdPerMTokens: number | null;
    readonly amortisationYears: number;
    readonly utilisation: number;
    readonly electricityUsdPerKwh: number;
    readonly pue: number;
  };
  /** Range of output tokens/s (low, high), and of TPOT and TTFT. */
  readonly band: {
    readonly low: number;
    readonly high: number;
    readonly metric: "outputTokensPerSec";
    readonly calibrated: boolean;
    readonly tpotMs: { readonly low: number; readonly high: number };
    readonly ttftMs: { readonly low: number; readonly high: number };
  };
  readonly calibrated: boolean;
  readonly calibration: {
    readonly scope: "model" | "chip" | "family" | "default";
    /** The calibration entry used, e.g. `deepseek-r1 on h200-sxm with trtllm, ep layout`. */
    readonly entry: string;
    readonly kind: string;
    readonly note: string;
  };
  readonly warnings: readonly string[];
}

const ms = (split: {
  memorySec: number;
  computeSec: number;
  commSec: number;
  overheadSec: number;
}): MsSplit => ({
  memoryMs: split.memorySec * 1000,
  computeMs: split.computeSec * 1000,
  interconnectMs: split.commSec * 1000,
  overheadMs: split.overheadSec * 1000,
});

const HOURS_PER_YEAR = 8760;

/**
 * Estimates serving `model` on `chip` (see `prepareInference` for options and `serveInto` for the serving
 * model) and explains it: memory per chip, the bound of prefill and decode, energy, cost and the band.
 * Energy: P = idle + (load − idle)·u per chip, u = share of the time the chip streams memory or computes;
 * J/token = P·chips / tokens/s. Cost per million output tokens:
 *   capex  = price·capexMultiplier / (years·8760 h) per chip-hour
 *   energy = (u_f·P + (1 − u_f)·idle)/1000 · PUE · $/kWh per chip-hour,  u_f = fleet utilisation
 *   $/Mtok = 10⁶ · (capex + energy) / (tokens/s per chip · 3600 · u_f)
 * The band multiplies the estimate by the calibration's low/high ratios (`data/perf/stacks.yaml`).
 */
export function estimateInference(
  model: Model,
  chip: Chip,
  perf: PerfData,
  options: InferenceOptions = {},
  workload: Workload = {},
): InferenceEstimate {
  const p = prepareInference(model, chip, perf, options);
  const batch = workload.batch ?? DEFAULT_WORKLOAD.batch;
  const isl = workload.isl ?? DEFAULT_WORKLOAD.isl;
  const osl = workload.osl ?? DEFAULT_WORKLOAD.osl;
  const warnings = [...p.warnings];
  const dSplit = timeSplit();
  const pSplit = timeSplit();
  const point = serveInto(p, batch, isl, osl, servePoint(), dSplit, pSplit);
  if (!point.fits)
    warnings.push(
      point.maxBatch < 1
        ? `the weights do not fit: ${(p.weightBytes / 1e9).toFixed(1)} GB per chip of ${(p.usableBytes / 1e9).toFixed(1)} GB usable; add chips (tp, pp, ep)`
        : `batch ${batch} does not fit at an average context of ${isl + osl / 2}: ${point.maxBatch} sequences per rank run and the rest wait (TTFT includes the wait)`,
    );
  const stepTokens = Math.min(Math.max(isl, batch), MAX_STEP_TOKENS);
  const ctx = isl + osl / 2;
  const kvPerSeq = p.kvSeqFullBytes * ctx + p.kvSeqWindowBytes * Math.min(ctx, p.window) + p.kvSeqFixedBytes;
  const kvBytes = kvPerSeq * point.runningBatch;
  const actBytes = p.activationTokenBytes * stepTokens;
  const reserveBytes = p.capacityBytes - p.usableBytes;
  const totalBytes = p.weightBytes + kvBytes + actBytes + reserveBytes;

  // utilisation over a request cycle: decode steps plus the prefills that interleave with them
  const decodeBusy = dSplit.memorySec + dSplit.computeSec;
  const decodeAll = decodeBusy + dSplit.commSec + dSplit.overheadSec;
  const prefillBusy = pSplit.memorySec + pSplit.computeSec;
  const prefillAll = prefillBusy + pSplit.commSec + pSplit.overheadSec;
  const b = point.runningBatch;
  const busy = osl * decodeBusy + b * prefillBusy;
  const all = osl * decodeAll + b * prefillAll;
  const utilisation = all > 0 ? Math.min(1, busy / all) : 0;
  const e = p.economics;
  const chips = p.parallel.chips;
  const watts = p.loadW === null || p.idleW === null ? null : p.idleW + (p.loadW - p.idleW) * utilisation;
  const jPerToken = watts === null ? null : (watts * chips) / point.outputTokensPerSec;
  const tokensPerChipHour = point.outputTokensPerSecPerChip * 3600 * e.utilisation;
  const energyPerChipHour =
    watts === null || p.idleW === null
      ? null
      : ((e.utilisation * watts + (1 - e.utilisation) * p.idleW) / 1000) * e.pue * e.electricityUsdPerKwh;
  const capexPerChipHour =
    p.priceUsd === null ? null : (p.priceUsd * e.capexMultiplier) / (e.amortisationYears * HOURS_PER_YEAR);
  const perM = (usdPerHour: number | null) =>
    usdPerHour === null ? null : (1e6 * usdPerHour) / tokensPerChipHour;
  const capexUsd = perM(capexPerChipHour);
  const energyUsd = perM(energyPerChipHour);
  if (p.priceUsd === null)
    warnings.push(`${chip.id} has no price in the catalog: cost per token is left out (energy cost only)`);
  if (p.tdpW === null) warnings.push(`${chip.id} has no TDP in the catalog: energy per token is left out`);
  const band = p.band;
  return {
    model: model.id,
    chip: chip.id,
    stack: p.stack,
    precision: { requested: p.precision.requested, compute: p.precision.compute, kvCache: p.precision.kv },
    parallel: p.parallel,
    workload: { batch, isl, osl, mode: "aggregated" },
    ttftMs: point.ttftMs,
    tpotMs: point.tpotMs,
    outputTokensPerSec: point.outputTokensPerSec,
    outputTokensPerSecPerChip: point.outputTokensPerSecPerChip,
    memory: {
      weightsGB: p.weightBytes / 1e9,
      kvCacheGB: kvBytes / 1e9,
      activationsGB: actBytes / 1e9,
      reserveGB: reserveBytes / 1e9,
      totalGB: totalBytes / 1e9,
      capacityGB: p.capacityBytes / 1e9,
      fits: point.fits,
      maxBatch: point.maxBatch,
    },
    bound: { prefill: boundOf(pSplit), decode: boundOf(dSplit) },
    breakdown: { decodeStep: ms(dSplit), prefill: ms(pSplit) },
    energy: {
      joulesPerToken: jPerToken,
      facilityJoulesPerToken: jPerToken === null ? null : jPerToken * e.pue,
      wattsPerChip: watts,
      utilisation,
    },
    costUsdPerMTokens: capexUsd === null || energyUsd === null ? null : capexUsd + energyUsd,
    cost: {
      capexUsdPerMTokens: capexUsd,
      energyUsdPerMTokens: energyUsd,
      amortisationYears: e.amortisationYears,
      utilisation: e.utilisation,
      electricityUsdPerKwh: e.electricityUsdPerKwh,
      pue: e.pue,
    },
    band: {
      low: point.outputTokensPerSec * band.throughput.low,
      high: point.outputTokensPerSec * band.throughput.high,
      metric: "outputTokensPerSec",
      calibrated: p.calibrated,
      tpotMs: { low: point.tpotMs * band.tpot.low, high: point.tpotMs * band.tpot.high },
      ttftMs: { low: point.ttftMs * band.ttft.low, high: point.ttftMs * band.ttft.high },
    },
    calibrated: p.calibrated,
    calibration: { scope: p.scope, entry: p.entryLabel, kind: p.provenance.kind, note: p.provenance.note },
    warnings,
  };
}
