import type { Chip } from "../catalog/chip.js";
import type { Model } from "../catalog/model.js";
import { type ModelShape, modelShape } from "./modelShape.js";
import {
  type PerfData,
  type Stack,
  TRAINING_PRECISIONS,
  type TrainingMeasurement,
  type TrainingPrecision,
} from "./perfData.js";
import { PerfError } from "./perfError.js";
import { stackFor, trainingFor } from "./stackFor.js";

export type Recompute = "none" | "selective" | "full";

/** Options of a training estimate; all optional. */
export interface TrainingOptions {
  readonly precision?: TrainingPrecision;
  /** Default pytorch (Megatron/NeMo-style PyTorch training). */
  readonly stack?: Stack;
  /** Sequence length, default 8192 (the Megatron-Bridge and MLPerf Llama 3.1 405B runs). */
  readonly seqLen?: number;
  readonly tp?: number;
  readonly pp?: number;
  /** Context-parallel ranks splitting each sequence (Megatron CP); chosen with tp/pp when absent. */
  readonly cp?: number;
  /** ZeRO stage over the data-parallel group: 1 (Megatron distributed optimizer, default), 0, 2 or 3 (FSDP). */
  readonly zero?: 0 | 1 | 2 | 3;
  /** Activation recomputation, default selective (Korthikanti et al. 2022). */
  readonly recompute?: Recompute;
  readonly microBatch?: number;
  /**
   * Virtual pipeline stages per pipeline rank (Megatron's interleaved 1F1B schedule), at most
   * ⌊layers / pp⌋. Default: about two layers per virtual stage, round(layers / (2·pp)) — Megatron-Bridge's
   * H100 recipes: Llama 3.1 405B (126 layers) PP 8 VP 8, Llama 3 70B (80 layers) PP 8 VP 5.
   */
  readonly vp?: number;
  /**
   * Tokens per optimizer step, default 16,777,216 (16M: the batch Llama 3 405B pre-trained most of its
   * tokens with, after 4M and 8M early on — "The Llama 3 Herd of Models" §3.4.1; an assumption for other
   * models). Raised where it leaves a data-parallel rank without a sequence. Sets the steps, the
   * micro-batches per rank (so the pipeline bubble) and the data-parallel traffic.
   */
  readonly globalBatchTokens?: number;
}

/** Bytes per parameter of mixed-precision Adam (ZeRO paper, Rajbhandari et al. 2020): 16-bit weights. */
export const TRAIN_WEIGHT_BYTES = 2;
/** 16-bit gradients. */
export const TRAIN_GRAD_BYTES = 2;
/** fp32 master weights, momentum and variance: 12 bytes per parameter. */
export const TRAIN_OPTIMIZER_BYTES = 12;

/** A training estimate: the `dualtrack train --json` document. */
export interface TrainingEstimate {
  readonly model: string;
  readonly chip: string;
  readonly chips: number;
  readonly tokens: number;
  readonly stack: Stack;
  readonly precision: TrainingPrecision;
  readonly seconds: number;
  readonly days: number;
  readonly tokensPerSec: number;
  readonly tokensPerSecPerChip: number;
  /** Model FLOPs utilisation: model FLOPs / (chips · dense peak of the precision · time). */
  readonly mfu: number;
  readonly flopsPerToken: number;
  readonly totalFlops: number;
  readonly parallel: {
    readonly tp: number;
    readonly pp: number;
    readonly cp: number;
    readonly dp: number;
    readonly ep: number;
    readonly zero: number;
    readonly recompute: Recompute;
    readonly microBatch: number;
    readonly seqLen: number;
    /** Virtual pipeline stages per pipeline rank used; 1 without a pipeline or with fewer micro-batches than stages. */
    readonly vp: number;
    /** Micro-batches per data-parallel rank and step: global batch / (dp · micro-batch · sequence). */
    readonly microBatches: number;
    /** Tokens per optimizer step: as asked, or raised so that every data-parallel rank gets a sequence. */
    readonly globalBatchTokens: number;
  };
  readonly memory: {
    readonly weightsGB: number;
    readonly gradientsGB: number;
    readonly optimizerGB: number;
    readonly activationsGB: number;
    readonly totalGB: number;
    readonly capacityGB: number;
    readonly fits: boolean;
  };
  readonly comm: {
    /** Data-parallel gradient reduce-scatter + all-gather per step per chip, GB and s. */
    readonly dataParallelGBPerStep: number;
    readonly dataParallelSecPerStep: number;
    /** Time per step of compute, and the communication left exposed (added to the time). */
    readonly computeSecPerStep: number;
    readonly exposedSecPerStep: number;
    /**
     * Share of each step's time the pipeline idles in its fill and drain: o/(1 + o) with the overhead
     * o = (pp − 1)/(v·m) of the interleaved schedule (v virtual stages, m micro-batches; v = 1 when m < pp),
     * charged in the time.
     */
    readonly pipelineBubble: number;
  };
  readonly band: {
    readonly low: number;
    readonly high: number;
    readonly metric: "seconds";
    readonly calibrated: boolean;
  };
  readonly calibrated: boolean;
  readonly calibration: {
    readonly scope: "model" | "chip" | "family" | "default";
    readonly kind: string;
    readonly note: string;
  };
  readonly warnings: readonly string[];
}

/**
 * Training FLOPs per token: 6 · (matmul weights a token touches, output head included, input embedding
 * excluded) + 3 · causal attention forward FLOPs at the average context s/2 — i.e. 6·N + 6·L·h·d·s/… as
 * in the Megatron-Bridge performance summary's model-FLOPs count.
 */
export function trainingFlopsPerToken(shape: ModelShape, seqLen: number): number {
  const full = shape.softmaxLayers - shape.windowLayers;
  const attendFull = Math.min(seqLen / 2, shape.attendCap);
  const attendWindow = Math.min(seqLen / 2, shape.window);
  const attention =
    full * shape.attnPrefillFlopsPerCtx * attendFull +
    shape.windowLayers * shape.attnPrefillFlopsPerCtx * attendWindow +
    shape.linearLayers * shape.linearFlopsPerToken;
  return 6 * shape.activeMatmulParams + 3 * attention;
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

interface Layout {
  tp: number;
  pp: number;
  /** Context parallelism: the sequence split over cp ranks (activations ÷ cp). */
  cp: number;
  dp: number;
  ep: number;
}

/** Per-chip memory of a layout, bytes: weights, gradients, optimizer states, activations. */
function memoryOf(
  shape: ModelShape,
  l: Layout,
  zero: number,
  recompute: Recompute,
  seqLen: number,
  microBatch: number,
) {
  const expertParams = shape.moeLayers * shape.experts * shape.expertParams;
  const shared = shape.totalParams - expertParams;
  const perChip = shared / (l.tp * l.pp) + expertParams / (l.tp * l.pp * l.ep);
  // ZeRO shards over the replicas of each weight: dp·cp (context ranks hold the same weights; experts
  // dp·cp/ep of them)
  const sharedDp = l.dp * l.cp;
  const expertDp = Math.max(1, (l.dp * l.cp) / l.ep);
  const shardOf = (stage: number) =>
    zero >= stage
      ? shared / (l.tp * l.pp) / sharedDp + expertParams / (l.tp * l.pp * l.ep) / expertDp
      : perChip;
  const weights = shardOf(3) * TRAIN_WEIGHT_BYTES;
  const grads = shardOf(2) * TRAIN_GRAD_BYTES;
  const optimizer = shardOf(1) * TRAIN_OPTIMIZER_BYTES;
  const sbh = (seqLen / l.cp) * microBatch * shape.hidden;
  const perLayer =
    recompute === "full"
      ? (2 * sbh) / l.tp
      : recompute === "selective"
        ? (34 * sbh) / l.tp
        : (sbh * (34 + (5 * shape.heads * seqLen) / shape.hidden)) / l.tp;
  // 1F1B: the first stage keeps pp micro-batches of its layers/pp layers in flight = all layers' worth
  const logits = ((seqLen / l.cp) * microBatch * shape.vocab * 4) / l.tp;
  const activations = shape.layers * perLayer + logits;
  return { weights, grads, optimizer, activations, paramsPerChip: perChip };
}

const isTrainingPrecision = (p: string): p is TrainingPrecision =>
  (TRAINING_PRECISIONS as readonly string[]).includes(p);

/**
 * The options that reproduce a published training run: its precision, stack and sequence length, and
 * its layout (tp, pp, cp, vp), global batch and micro-batch where the source gives them; what it does
 * not give is chosen as for any estimate.
 */
export function trainingOptionsOf(m: TrainingMeasurement): TrainingOptions {
  const p = m.parallel;
  return {
    ...(isTrainingPrecision(m.precision) ? { precision: m.precision } : {}),
    stack: m.stack,
    seqLen: m.seqLen,
    ...(p === undefined ? {} : { tp: p.tp, pp: p.pp, cp: p.cp }),
    ...(p?.vp === undefined ? {} : { vp: p.vp }),
    ...(m.globalBatchTokens === undefined ? {} : { globalBatchTokens: m.globalBatchTokens }),
    ...(m.microBatch === undefined ? {} : { microBatch: m.microBatch }),
  };
}

/**
 * Estimates training `model` on `chips` × `chip` for `tokens` tokens:
 *   time = tokens · flopsPerToken / (chips · peak · MFU · r) · (1 + o) + exposed data-parallel communication,
 * r = 3/4 with full recomputation (8·N hardware FLOPs per 6·N model FLOPs), else 1, and o = (pp − 1)/(v·m)
 * the interleaved pipeline's fill and drain (v virtual stages per rank, m micro-batches per data-parallel
 * rank and step; v = 1 when m < pp). MFU comes from `data/perf/stacks.yaml` (`training:` per chip or
 * family, stack and precision; dense and MoE separately), taken as the MFU of a full pipeline: the fitted
 * FP8 rows ran with o of 0–2.2% and the BF16 MoE figure is restated without its bubble; the BF16 dense
 * figure (Llama 3 paper, PP 16 with 16–32 micro-batches, virtual stages unpublished) is not, so at that
 * paper's layout the model gives 33% MFU against its 41%. Memory per chip: 2 + 2 + 12 bytes per parameter (weights, gradients, Adam states) split by
 * tp·pp (experts also by ep) and sharded by ZeRO over data parallelism, plus activations per Korthikanti
 * et al. 2022 (none: s·b·h·(34 + 5·a·s/h)/tp per layer; selective: 34·s·b·h/tp; full: 2·s·b·h/tp, all with sequence parallelism) and fp32
 * logits, all ÷ cp (context parallelism; ZeRO then shards over dp·cp). Without tp/pp/cp the smallest
 * tp·pp·cp that fits is chosen (tp within the scale-up domain, cp only while each rank keeps ≥ 2,048
 * tokens), or a larger one where that leaves gradient traffic exposed (the first size with none exposed,
 * else the fastest); without a recompute choice, full recomputation is tried when no layout fits with
 * selective.
 */
export function estimateTraining(
  model: Model,
  chip: Chip,
  perf: PerfData,
  chips: number,
  tokens: number,
  options: TrainingOptions = {},
): TrainingEstimate {
  if (!Number.isInteger(chips) || chips < 1)
    throw new PerfError(`chips must be a positive integer, got ${chips}`);
  if (!(tokens > 0)) throw new PerfError(`tokens must be positive, got ${tokens}`);
  const warnings: string[] = [];
  const stack = options.stack ?? "pytorch";
  const precision = options.precision ?? "bf16";
  const peakTflops =
    precision === "bf16" ? (chip.dense.bf16 ?? chip.dense.fp16) : (chip.dense[precision] ?? undefined);
  let peak = peakTflops;
  let used: TrainingPrecision = precision;
  if (peak === undefined || !(peak > 0)) {
    const fallback = chip.dense.bf16 ?? chip.dense.fp16;
    if (fallback === undefined)
      throw new PerfError(`chip ${chip.id} has no dense bf16/fp16 rate in the catalog`);
    warnings.push(`${chip.id} has no dense ${precision} rate: training in bf16`);
    peak = fallback;
    used = "bf16";
  }
  const peakUsed = peak;
  const gb = chip.memory.gb;
  if (gb === null) throw new PerfError(`chip ${chip.id} has no memory capacity (memory.gb) in the catalog`);
  const shape = modelShape(model);
  const seqLen = options.seqLen ?? 8192;
  const microBatch = options.microBatch ?? 1;
  const zero = options.zero ?? 1;
  let recompute: Recompute = options.recompute ?? "selective";
  const askedBatchTokens = options.globalBatchTokens ?? 16_777_216;
  const training = trainingFor(perf, chip, stack, used);
  // an entry of another precision is a stand-in: its MFU on this precision's peak assumes the lower
  // precision keeps the same share of a larger peak (Hopper FP8 reached 0.37 of its peak against 0.41 in bf16)
  if (training.entry.precision !== used)
    warnings.push(
      `no ${used} training MFU for ${stack} on ${chip.id} in data/perf/: the ${training.entry.precision} MFU (dense ${training.entry.mfuDense}, MoE ${training.entry.mfuMoe}) is applied to the ${used} peak, an optimistic stand-in until a ${used} run is measured`,
    );
  const entry = stackFor(perf, chip, stack).entry;
  const usable = gb * 1e9 * entry.params.memoryUsable;
  const system = perf.systems.find((s) => s.chip === chip.id);
  const domain = system?.scaleUpDomain?.value ?? perf.economics.scaleUpDomain;
  const scaleOutGBps = system?.scaleOutGBps?.value ?? perf.economics.scaleOutGBps;

  const layoutFor = (tp: number, pp: number, cp: number): Layout => {
    const dp = chips / (tp * pp * cp);
    return { tp, pp, cp, dp, ep: shape.moeLayers > 0 ? gcd(shape.experts, dp) : 1 };
  };
  const total = (l: Layout, r: Recompute) => {
    const m = memoryOf(shape, l, zero, r, seqLen, microBatch);
    return m.weights + m.grads + m.optimizer + m.activations;
  };
  if (options.vp !== undefined && !(Number.isInteger(options.vp) && options.vp >= 1))
    throw new PerfError(`vp must be a positive integer, got ${options.vp}`);
  /** The global batch (raised so that every data-parallel rank gets a sequence), micro-batches, vp, bubble. */
  const pipelineOf = (l: Layout) => {
    const batchTokens = Math.max(askedBatchTokens, l.dp * microBatch * seqLen);
    const m = batchTokens / (seqLen * microBatch * l.dp);
    const most = Math.max(1, Math.floor(shape.layers / l.pp));
    const asked = options.vp ?? Math.min(most, Math.max(1, Math.round(shape.layers / (2 * l.pp))));
    // interleaved 1F1B (Narayanan et al. 2021): fill and drain cost (pp − 1)/v micro-batch slots; with
    // fewer micro-batches than stages there is nothing to interleave
    const vp = l.pp > 1 && m >= l.pp ? asked : 1;
    return { batchTokens, m, vp, asked, most, overhead: l.pp > 1 ? (l.pp - 1) / (vp * m) : 0 };
  };
  const moe = shape.moeLayers > 0;
  const mfu = moe ? training.entry.mfuMoe : training.entry.mfuDense;
  const flopsPerToken = trainingFlopsPerToken(shape, seqLen);
  const totalFlops = flopsPerToken * tokens;
  /** The run's time on a layout: the steps' compute with the bubble, plus gradient traffic left exposed. */
  const timeOf = (l: Layout, r: Recompute) => {
    const pipeline = pipelineOf(l);
    // full recomputation runs each forward twice: 8·N hardware FLOPs per 6·N model FLOPs
    const achievedFlops = chips * peakUsed * 1e12 * mfu * (r === "full" ? 0.75 : 1);
    const computeSecPerStep =
      ((pipeline.batchTokens * flopsPerToken) / achievedFlops) * (1 + pipeline.overhead);
    // data-parallel gradients: reduce-scatter + all-gather of 16-bit gradients over the scale-out network
    const replicas = l.dp * l.cp;
    const paramsPerChip = memoryOf(shape, l, zero, r, seqLen, microBatch).paramsPerChip;
    const dpBytes = replicas > 1 ? (2 * (replicas - 1) * paramsPerChip * TRAIN_GRAD_BYTES) / replicas : 0;
    const dataParallelSecPerStep = dpBytes / (scaleOutGBps * 1e9);
    const exposedSecPerStep = Math.max(0, dataParallelSecPerStep - computeSecPerStep);
    const steps = tokens / pipeline.batchTokens;
    const seconds = (totalFlops / achievedFlops) * (1 + pipeline.overhead) + steps * exposedSecPerStep;
    return { seconds, computeSecPerStep, dpBytes, dataParallelSecPerStep, exposedSecPerStep };
  };
  let layout: Layout;
  if (options.tp !== undefined || options.pp !== undefined || options.cp !== undefined) {
    const tp = options.tp ?? 1;
    const pp = options.pp ?? 1;
    const cp = options.cp ?? 1;
    const ok = [tp, pp, cp].every((x) => Number.isInteger(x) && x >= 1);
    if (!ok || chips % (tp * pp * cp) !== 0)
      throw new PerfError(`tp × pp × cp (${tp} × ${pp} × ${cp}) must divide the ${chips} chips`);
    layout = layoutFor(tp, pp, cp);
  } else {
    const candidates: Layout[] = [];
    for (const cp of [1, 2, 4, 8])
      for (const pp of [1, 2, 4, 8, 16, 32, 64])
        for (const tp of [1, 2, 4, 8, 16, 32, 64, 72])
          if (
            tp <= Math.max(1, domain) &&
            shape.heads % tp === 0 &&
            pp <= shape.layers &&
            (cp === 1 || seqLen / cp >= 2048) &&
            chips % (tp * pp * cp) === 0
          )
            candidates.push(layoutFor(tp, pp, cp));
    const size = (l: Layout) => l.tp * l.pp * l.cp;
    candidates.sort((a, b) => size(a) - size(b) || b.tp - a.tp || a.cp - b.cp);
    // least model parallelism that fits; among splits of that size a shallower pipeline only where it
    // saves more than 1% of the step in bubble (the context- and tensor-parallel traffic it adds is not
    // modelled). Where that layout's gradient traffic outlasts its compute (many data-parallel replicas of
    // a large shard), more model parallelism is taken up to the size that leaves none exposed, or else the
    // fastest: 32,768 B200s on Llama 3.1 405B FP8 took tp 8 · pp 2 · cp 2 at 2 s of exposed gradient
    // traffic per 1 s step, so doubling the chips bought nothing. Without a --recompute choice, full
    // recomputation is tried before giving up (it trades a third more matmul work for activation memory).
    const pick = (r: Recompute): Layout | undefined => {
      const fit = candidates.filter((l) => total(l, r) <= usable);
      const first = fit[0];
      if (first === undefined) return undefined;
      const leastOfSize = (n: number) => {
        let best: Layout | undefined;
        for (const l of fit)
          if (
            size(l) === n &&
            (best === undefined || pipelineOf(l).overhead < pipelineOf(best).overhead - 0.01)
          )
            best = l;
        return best;
      };
      const sizes = [...new Set(fit.map(size))];
      let fastest = leastOfSize(size(first)) ?? first;
      for (const n of sizes) {
        const l = leastOfSize(n);
        if (l === undefined) continue;
        if (timeOf(l, r).exposedSecPerStep === 0) return l;
        if (timeOf(l, r).seconds < timeOf(fastest, r).seconds) fastest = l;
      }
      return fastest;
    };
    let fitting = pick(recompute);
    if (fitting === undefined && options.recompute === undefined) {
      fitting = pick("full");
      if (fitting !== undefined) recompute = "full";
    }
    const largest = candidates[candidates.length - 1];
    layout = fitting ?? largest ?? layoutFor(1, 1, 1);
  }
  const mem = memoryOf(shape, layout, zero, recompute, seqLen, microBatch);
  const totalBytes = mem.weights + mem.grads + mem.optimizer + mem.activations;
  const fits = totalBytes <= usable;
  if (!fits)
    warnings.push(
      `does not fit: ${(totalBytes / 1e9).toFixed(1)} GB per chip of ${(usable / 1e9).toFixed(1)} GB usable; use more chips, ZeRO-3 or full recompute`,
    );
  if (layout.tp > domain)
    warnings.push(`tp ${layout.tp} spans more than the scale-up domain of ${domain} chips`);

  const pipeline = pipelineOf(layout);
  if (options.vp !== undefined && layout.pp === 1 && options.vp > 1)
    warnings.push(`vp ${options.vp} is ignored: there is no pipeline (pp 1)`);
  if (layout.pp > 1 && pipeline.asked > pipeline.most)
    throw new PerfError(
      `vp (${pipeline.asked}) exceeds the ${pipeline.most} layers each of the ${layout.pp} pipeline stages holds`,
    );
  const globalBatchTokens = pipeline.batchTokens;
  const microbatches = pipeline.m;
  const vp = pipeline.vp;
  const bubbleOverhead = pipeline.overhead;
  if (globalBatchTokens > askedBatchTokens)
    warnings.push(
      `a global batch of ${askedBatchTokens.toLocaleString("en-US")} tokens leaves data-parallel ranks without a sequence: raised to ${globalBatchTokens.toLocaleString("en-US")} (dp ${layout.dp} × ${microBatch} × ${seqLen})`,
    );
  const pipelineBubble = bubbleOverhead / (1 + bubbleOverhead);

  const { seconds, computeSecPerStep, dpBytes, dataParallelSecPerStep, exposedSecPerStep } = timeOf(
    layout,
    recompute,
  );
  const effectiveMfu = totalFlops / (chips * peak * 1e12 * seconds);
  if (pipelineBubble > 0.25)
    warnings.push(
      `pipeline bubble ${(pipelineBubble * 100).toFixed(0)}% of each step with ${microbatches.toFixed(1)} micro-batches per rank: raise the global batch or lower pp`,
    );
  const band = training.entry.band;
  return {
    model: model.id,
    chip: chip.id,
    chips,
    tokens,
    stack,
    precision: used,
    seconds,
    days: seconds / 86_400,
    tokensPerSec: tokens / seconds,
    tokensPerSecPerChip: tokens / seconds / chips,
    mfu: effectiveMfu,
    flopsPerToken,
    totalFlops,
    parallel: {
      ...layout,
      zero,
      recompute,
      microBatch,
      seqLen,
      vp,
      microBatches: microbatches,
      globalBatchTokens,
    },
    memory: {
      weightsGB: mem.weights / 1e9,
      gradientsGB: mem.grads / 1e9,
      optimizerGB: mem.optimizer / 1e9,
      activationsGB: mem.activations / 1e9,
      totalGB: totalBytes / 1e9,
      capacityGB: gb,
      fits,
    },
    comm: {
      dataParallelGBPerStep: dpBytes / 1e9,
      dataParallelSecPerStep,
      computeSecPerStep,
      exposedSecPerStep,
      pipelineBubble,
    },
    band: {
      low: seconds * band.low,
      high: seconds * band.high,
      metric: "seconds",
      calibrated: training.entry.calibrated,
    },
    calibrated: training.entry.calibrated,
    calibration: {
      scope: training.scope,
      kind: training.entry.provenance.kind,
      note: training.entry.provenance.note,
    },
    warnings,
  };
}
