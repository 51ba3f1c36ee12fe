import type { Chip } from "../catalog/chip.js";
import type { Model } from "../catalog/model.js";
import type { PerfData, PerfPrecision, ServingMode, Stack } from "./perfData.js";
import {
  type InferenceOptions,
  MAX_STEP_TOKENS,
  type Parallel,
  type PreparedInference,
  prepareInference,
  type Speculative,
} from "./prepareInference.js";
import { disaggregatedPoint, serveDisaggregatedInto } from "./serveDisaggregatedInto.js";
import { maxBatchAt, type ServePoint, serveInto, servePoint } from "./serveInto.js";
import { type Bound, boundOf, timeSplit } from "./stepTime.js";

/** The layout of a disaggregated deployment's prefill instances (each field defaults to the decode layout's). */
export interface PrefillLayout {
  readonly tp?: number | undefined;
  readonly pp?: number | undefined;
  readonly ep?: number | undefined;
  readonly attentionDp?: number | undefined;
}

/**
 * A serving workload: concurrency per attention rank (of the decode instance when disaggregated), prompt
 * and output lengths, the serving mode (default aggregated) and, when disaggregated, the prefill layout.
 */
export interface Workload {
  readonly batch?: number;
  readonly isl?: number;
  readonly osl?: number;
  readonly mode?: ServingMode;
  readonly prefill?: PrefillLayout;
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
     * How the requests are served: `aggregated` (prefill and decode batched together on the same chips,
     * continuous batching) or `disaggregated` (prefill instances hand the KV cache to decode instances;
     * see {@link InferenceEstimate.disaggregated}).
     */
    readonly mode: ServingMode;
    /** Speculative decoding: draft tokens per step and tokens kept per step; null when off. */
    readonly speculative: Speculative | null;
  };
  /**
   * Disaggregated serving only (else null): the prefill instance's layout, the prefill chips needed per
   * decode chip, each pool's rate per chip, and the KV hand-over time. `parallel`, `memory`, `ttftMs`,
   * `tpotMs` and `outputTokensPerSec` describe the decode instances; `outputTokensPerSecPerChip`, energy
   * and cost count the prefill chips too.
   */
  readonly disaggregated: {
    readonly prefillParallel: Parallel;
    readonly prefillChipsPerDecodeChip: number;
    readonly prefillInputTokensPerSecPerChip: number;
    readonly decodeOutputTokensPerSecPerChip: number;
    readonly kvTransferMs: number;
    readonly prefillFits: boolean;
  } | null;
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
 * Estimates serving `model` on `chip` (see `prepareInference` for options, and `serveInto` for the
 * aggregated serving model or `serveDisaggregatedInto` for separate prefill and decode pools) and explains
 * it: memory per chip, the bound of prefill and decode, energy, cost and the band.
 * Energy: P = idle + (load − idle)·u per chip, u = share of the time the chip streams memory or computes
 * (disaggregated: each pool's u weighted by its chips); J/token = P / tokens/s per chip (all pools' chips).
 * Cost per million output tokens:
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
  const mode = workload.mode ?? "aggregated";
  const warnings = [...p.warnings];
  const dSplit = timeSplit();
  const pSplit = timeSplit();
  let point: ServePoint;
  let pf: PreparedInference = p;
  let disaggregated: InferenceEstimate["disaggregated"] = null;
  if (mode === "disaggregated") {
    pf = prepareInference(model, chip, perf, prefillOptions(options, workload.prefill ?? {}));
    for (const w of pf.warnings) if (!warnings.includes(w)) warnings.push(`prefill instance: ${w}`);
    const d = serveDisaggregatedInto(pf, p, batch, isl, osl, disaggregatedPoint(), dSplit, pSplit);
    const prefillFits = maxBatchAt(pf, isl, isl) >= 1;
    if (!prefillFits)
      warnings.push(
        `the prefill instance (tp ${pf.parallel.tp}, pp ${pf.parallel.pp}, attention-DP ${pf.parallel.attentionDp}) cannot hold its weights and one ${isl}-token prompt`,
      );
    warnings.push(
      "disaggregated serving: the prefill pool is taken as sized with headroom (no queueing) and the serving framework's own disaggregation path (routing, KV hand-over set-up) is not in TTFT; the calibration was fitted on aggregated serving",
    );
    point = d;
    disaggregated = {
      prefillParallel: pf.parallel,
      prefillChipsPerDecodeChip: d.prefillChipsPerDecodeChip,
      prefillInputTokensPerSecPerChip: d.prefillInputTokensPerSecPerChip,
      decodeOutputTokensPerSecPerChip: d.decodeOutputTokensPerSecPerChip,
      kvTransferMs: d.kvTransferMs,
      prefillFits,
    };
  } else point = serveInto(p, batch, isl, osl, servePoint(), dSplit, pSplit);
  const gb = (bytes: number) => (bytes / 1e9).toFixed(1);
  if (!point.fits)
    warnings.push(
      point.maxBatch < 1
        ? `${
            p.weightBytes > p.usableBytes
              ? `the weights do not fit: ${gb(p.weightBytes)} GB per chip of ${gb(p.usableBytes)} GB usable`
              : `the weights fit (${gb(p.weightBytes)} GB per chip of ${gb(p.usableBytes)} GB usable) but not with one sequence's KV cache and the activation workspace`
          }; add chips (tp, pp, ep). Not servable as laid out: speed, energy and cost are shown as if memory were unlimited`
        : disaggregated === null
          ? `batch ${batch} does not fit at an average context of ${isl + osl / 2}: ${point.maxBatch} sequences per rank run and the rest wait (TTFT includes the wait)`
          : `batch ${batch} does not fit on a decode rank at an average context of ${isl + osl / 2}: the estimate decodes the ${point.maxBatch} that do`,
    );
  // a disaggregated decode step carries no prompt chunk
  const stepTokens = Math.min(
    disaggregated === null ? Math.max(isl, batch) : batch * p.queryTokens,
    MAX_STEP_TOKENS,
  );
  const ctx = isl + osl / 2;
  const kvPerSeq = p.kvSeqFullBytes * ctx + p.kvSeqWindowBytes * Math.min(ctx, p.window) + p.kvSeqFixedBytes;
  const kvBytes = kvPerSeq * point.runningBatch;
  const actBytes = p.activationTokenBytes * stepTokens;
  const reserveBytes = p.capacityBytes - p.usableBytes;
  const totalBytes = p.weightBytes + kvBytes + actBytes + reserveBytes;

  const decodeBusy = dSplit.memorySec + dSplit.computeSec;
  const decodeAll = decodeBusy + dSplit.commSec + dSplit.overheadSec;
  const prefillBusy = pSplit.memorySec + pSplit.computeSec;
  const prefillAll = prefillBusy + pSplit.commSec + pSplit.overheadSec;
  const share = (busy: number, all: number) => (all > 0 ? Math.min(1, busy / all) : 0);
  // aggregated: the chip's busy work in one request cycle — its decode steps (osl / tokens kept per
  // step) and the b prefills that refill the slots — over the cycle's length TTFT + (osl − 1)·TPOT, at
  // most 1 (prefills that run beside the decodes, α < 1, overlap them); hidden communication shortens the
  // cycle, not the work, so it can only lower the energy per token;
  // disaggregated: each pool's own, weighted by its chips (r prefill chips per decode chip)
  const b = point.runningBatch;
  const r = disaggregated?.prefillChipsPerDecodeChip ?? 0;
  const cycleSec = (point.ttftMs + (osl - 1) * point.tpotMs) / 1000;
  const utilisation =
    disaggregated === null
      ? share((osl / p.acceptedTokens) * decodeBusy + b * prefillBusy, cycleSec)
      : (share(decodeBusy, decodeAll) + r * share(prefillBusy, prefillAll)) / (1 + r);
  const e = p.economics;
  const watts = p.loadW === null || p.idleW === null ? null : p.idleW + (p.loadW - p.idleW) * utilisation;
  const jPerToken = watts === null ? null : watts / point.outputTokensPerSecPerChip;
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
    workload: {
      batch,
      isl,
      osl,
      mode,
      speculative:
        p.queryTokens > 1 ? { draftTokens: p.queryTokens - 1, acceptedTokens: p.acceptedTokens } : null,
    },
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
      calibrated: p.calibrated && pf.calibrated,
      tpotMs: { low: point.tpotMs * band.tpot.low, high: point.tpotMs * band.tpot.high },
      ttftMs: { low: point.ttftMs * pf.band.ttft.low, high: point.ttftMs * pf.band.ttft.high },
    },
    calibrated: p.calibrated && pf.calibrated,
    calibration: { scope: p.scope, entry: p.entryLabel, kind: p.provenance.kind, note: p.provenance.note },
    disaggregated,
    warnings,
  };
}

/** The prefill instance's options: the decode instance's, with the prefill layout's fields where given, one replica. */
function prefillOptions(options: InferenceOptions, layout: PrefillLayout): InferenceOptions {
  return {
    ...options,
    replicas: 1,
    ...(layout.tp === undefined ? {} : { tp: layout.tp }),
    ...(layout.pp === undefined ? {} : { pp: layout.pp }),
    ...(layout.ep === undefined ? {} : { ep: layout.ep }),
    ...(layout.attentionDp === undefined ? {} : { attentionDp: layout.attentionDp }),
  };
}
