import type { Chip } from "../catalog/chip.js";
import type { Model } from "../catalog/model.js";
import { type ModelShape, modelShape } from "./modelShape.js";
import type {
  Bands,
  Economics,
  KvPrecision,
  PerfData,
  PerfPrecision,
  Provenance,
  Stack,
  StackParams,
} from "./perfData.js";
import { PerfError } from "./perfError.js";
import { type ResolvedPrecision, resolvePrecision } from "./resolvePrecision.js";
import { entryLabel, servingLayout, stackFor } from "./stackFor.js";

/** Parallel layout of one serving instance, and its replicas. */
export interface Parallel {
  /** Tensor parallelism of attention (and dense layers) within one attention rank group. */
  readonly tp: number;
  /** Pipeline stages. */
  readonly pp: number;
  /** Expert parallelism of the MoE layers. */
  readonly ep: number;
  /** Tensor parallelism inside each expert: tp·attentionDp / ep. */
  readonly moeTp: number;
  /** Attention data parallelism: ranks each serving their own sequences, sharing the experts. */
  readonly attentionDp: number;
  /** Independent copies of the instance. */
  readonly replicas: number;
  readonly chipsPerInstance: number;
  readonly chips: number;
}

/**
 * Speculative decoding with multi-token-prediction (MTP) heads: each decode step verifies
 * `draftTokens` drafted tokens per sequence beside the regular one and keeps `acceptedTokens` of the
 * 1 + draftTokens on average (DeepSeek-V3 report: 1 draft, 85–90% accepted ⇒ 1.85–1.9). Separate draft
 * models are not modelled.
 */
export interface Speculative {
  readonly draftTokens: number;
  readonly acceptedTokens: number;
}

/** Options of an inference estimate; all optional. */
export interface InferenceOptions {
  readonly precision?: PerfPrecision;
  readonly kvPrecision?: KvPrecision;
  /** Default: trtllm on NVIDIA chips, vllm elsewhere. */
  readonly stack?: Stack;
  readonly tp?: number;
  readonly pp?: number;
  readonly ep?: number;
  readonly attentionDp?: number;
  readonly replicas?: number;
  /** Operate under a power cap (W per chip): speed scales by (cap/TDP)^powerCapExponent. */
  readonly powerCapW?: number;
  /** Speculative decoding with MTP heads (see {@link Speculative}); none by default. */
  readonly speculative?: Speculative;
  /**
   * Two micro-batches interleaved so that one's collectives run under the other's compute (SGLang's
   * two-batch overlap, DeepSeek's inference system, CloudMatrix-Infer's micro-batch pipelining): a
   * layer then costs max(compute + memory, communication) instead of their sum. Off by default.
   */
  readonly overlap?: boolean;
  /** Override the calibrated efficiency parameters (fitting, what-if). */
  readonly params?: Partial<StackParams>;
  /** Override economics defaults (amortisation, utilisation, electricity, PUE…). */
  readonly economics?: Partial<Economics>;
}

/**
 * Everything a (model, chip, options) triple needs, precomputed once so that one evaluation is a few
 * dozen floating-point operations. Coefficients are per pipeline stage and per chip, in seconds.
 */
export interface PreparedInference {
  readonly modelId: string;
  readonly chipId: string;
  readonly stack: Stack;
  readonly precision: ResolvedPrecision;
  readonly parallel: Parallel;
  readonly params: StackParams;
  readonly calibrated: boolean;
  readonly band: Bands;
  readonly scope: "model" | "chip" | "family" | "default";
  /** Which entry that is, in words (see {@link entryLabel}). */
  readonly entryLabel: string;
  readonly provenance: Provenance;
  readonly warnings: readonly string[];
  readonly shape: ModelShape;
  readonly economics: Economics;
  // --- evaluation coefficients ---
  readonly pp: number;
  readonly attentionDp: number;
  readonly replicas: number;
  readonly gemmHalf: number;
  /** α and q of the serving model (see `serveInto`). */
  readonly prefillStall: number;
  readonly ttftQueue: number;
  /** k: decode steps in TTFT beyond the prefill. */
  readonly ttftDecodeSteps: number;
  /** w: share of the completion interval a new request waits for admission. */
  readonly ttftAdmit: number;
  /** Fixed seconds a request pays before its first token (HTTP, tokenizer, scheduler). */
  readonly requestSec: number;
  /** Query tokens per sequence in a decode step (1 + draft tokens) and tokens kept per step on average. */
  readonly queryTokens: number;
  readonly acceptedTokens: number;
  /** Layers per stage (an MTP head drafts with one more layer per draft token). */
  readonly layersPerStage: number;
  /** Achieved per-chip scale-out bandwidth, bytes/s: the KV cache's way from a prefill to a decode instance. */
  readonly scaleOutBytesPerSec: number;
  /** Collectives overlapped with compute by two interleaved micro-batches (see {@link InferenceOptions.overlap}). */
  readonly overlap: boolean;
  /** Fixed seconds per step, and per-layer overhead seconds per stage. */
  readonly stepSec: number;
  readonly layerSec: number;
  /** Dense weights of a stage streamed once, s; dense GEMM seconds per token at peak GEMM efficiency. */
  readonly denseWeightSec: number;
  readonly denseFlopSec: number;
  readonly moe: boolean;
  /** 1 − k/E: the chance that one token misses a given expert. */
  readonly expertMiss: number;
  readonly expertsLocal: number;
  /** Streaming one local expert through a stage's MoE layers, s. */
  readonly expertWeightSec: number;
  /** GEMM seconds per token-expert pair through a stage's MoE layers at peak efficiency. */
  readonly expertFlopSec: number;
  readonly kOverEp: number;
  readonly moeOverhead: number;
  /** Decode attention per sequence: KV read per context token, s (full layers, windowed, indexer). */
  readonly kvFullSec: number;
  readonly kvWindowSec: number;
  readonly indexerSec: number;
  readonly linearStateSec: number;
  readonly window: number;
  readonly attendCap: number;
  /** Decode attention FLOP seconds per sequence per context token. */
  readonly attnFullFlopSec: number;
  readonly attnWindowFlopSec: number;
  readonly indexerFlopSec: number;
  readonly linearFlopSec: number;
  /** Prefill attention FLOP seconds per (query, key) pair. */
  readonly pfFullFlopSec: number;
  readonly pfWindowFlopSec: number;
  /** Tensor-parallel all-reduces of a stage: latency part, and seconds per token. */
  readonly allReduceLatSec: number;
  readonly allReduceTokenSec: number;
  /** Expert-parallel all-to-all of a stage: latency part, and seconds per token. */
  readonly allToAllLatSec: number;
  readonly allToAllTokenSec: number;
  /** Pipeline hand-off between two stages: latency, and seconds per token. */
  readonly p2pLatSec: number;
  readonly p2pTokenSec: number;
  // --- memory per chip, bytes ---
  readonly usableBytes: number;
  readonly capacityBytes: number;
  readonly weightBytes: number;
  /** KV-cache bytes per sequence: per context token in full layers, in windowed layers, and fixed. */
  readonly kvSeqFullBytes: number;
  readonly kvSeqWindowBytes: number;
  readonly kvSeqFixedBytes: number;
  /** Activation workspace per token of the largest step. */
  readonly activationTokenBytes: number;
  // --- power ---
  readonly tdpW: number | null;
  readonly loadW: number | null;
  readonly idleW: number | null;
  readonly priceUsd: number | null;
  readonly peakComputeFlops: number;
  readonly peakBytesPerSec: number;
}

/** Largest number of tokens processed in one step (chunked-prefill budget), for the activation workspace. */
export const MAX_STEP_TOKENS = 8192;
/**
 * KV bytes per token per layer of DeepSeek sparse attention in its FP8 cache layout: 512 fp8 latent +
 * 4 fp32 scales (one per 128) + 64 bf16 rope = 656 B (FlashMLA's sparse FP8 format, vLLM `fp8_ds_mla`).
 */
export const DSA_FP8_KV_BYTES_PER_TOKEN = 656;

const positiveInt = (name: string, value: number | undefined, fallback: number): number => {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new PerfError(`${name} must be a positive integer, got ${v}`);
  return v;
};

/**
 * Precomputes an inference estimate of `model` on `chip` (see {@link PreparedInference}); evaluate it
 * with `decodeStepSec`, `prefillSec` and `serveInto`. Per stage and chip:
 * - dense weights W = (attention/tp + dense FFN/tp + shared experts/tp + router)·layers/pp + LM head/tp,
 *   read once per step: t = W·bytes/(BW·memory);
 * - dense GEMMs: t = 2·W·m/(peak·eff(m)) with eff(m) = gemmPeak·m/(m + gemmHalfTokens), i.e.
 *   2·W·(m + gemmHalfTokens)/(peak·gemmPeak);
 * - routed experts: E/ep local experts, each touched with probability 1 − (1 − k/E)^T for T tokens;
 * - KV per context token: layers·kvElems·kvBytes / min(tp, kvHeads) (MLA latents are not split);
 * - collectives over the scale-up link (aggregate bidirectional GB/s ÷ 2 per direction) when the
 *   instance fits in the scale-up domain, else over the scale-out network.
 * Throws {@link PerfError} when the chip lacks a number the estimate needs (memory bandwidth, capacity)
 * or the parallel layout is inconsistent.
 */
export function prepareInference(
  model: Model,
  chip: Chip,
  perf: PerfData,
  options: InferenceOptions = {},
): PreparedInference {
  const warnings: string[] = [];
  const stack: Stack = options.stack ?? (chip.vendor === "nvidia" ? "trtllm" : "vllm");
  if (stack === "trtllm" && chip.vendor !== "nvidia")
    warnings.push(`TensorRT-LLM runs on NVIDIA GPUs only; ${chip.id} gets the trtllm default parameters`);
  const precision = resolvePrecision(
    chip,
    options.precision ?? "bf16",
    stack,
    options.kvPrecision,
    (model.arch.attention.indexer ?? null) !== null,
  );
  warnings.push(...precision.warnings);
  const shape = modelShape(model);
  const tp = positiveInt("tp", options.tp, 1);
  const pp = positiveInt("pp", options.pp, 1);
  const attentionDp = positiveInt("attention-dp", options.attentionDp, 1);
  const replicas = positiveInt("replicas", options.replicas, 1);
  const moe = shape.moeLayers > 0;
  const ep = positiveInt("ep", options.ep, 1);
  const spec = options.speculative;
  if (spec !== undefined) {
    const d = spec.draftTokens;
    if (!Number.isInteger(d) || d < 1 || d > 8)
      throw new PerfError(`speculative draft tokens must be an integer from 1 to 8, got ${d}`);
    if (!(spec.acceptedTokens >= 1 && spec.acceptedTokens <= 1 + d))
      throw new PerfError(
        `speculative accepted tokens per step must be between 1 and 1 + draft tokens (${1 + d}), got ${spec.acceptedTokens}`,
      );
    if ((model.arch.mtpLayers ?? 0) < 1)
      warnings.push(
        `${model.id} has no MTP layers in its configuration: speculative decoding is priced as if it had a one-layer MTP head`,
      );
  }
  if (!moe && ep > 1) warnings.push(`${model.id} is dense: --ep ${ep} is ignored`);
  const epUsed = moe ? ep : 1;
  const group = tp * attentionDp;
  if (moe && group % epUsed !== 0)
    throw new PerfError(
      `ep (${epUsed}) must divide tp × attention-dp (${group}): experts are spread over those chips`,
    );
  if (moe && epUsed > shape.experts)
    throw new PerfError(`ep (${epUsed}) exceeds the ${shape.experts} experts`);
  const moeTp = group / epUsed;
  if (shape.heads % tp !== 0) warnings.push(`tp ${tp} does not divide the ${shape.heads} attention heads`);
  if (pp > shape.layers) throw new PerfError(`pp (${pp}) exceeds the ${shape.layers} layers`);
  const chipsPerInstance = tp * pp * attentionDp;
  const parallel: Parallel = {
    tp,
    pp,
    ep: epUsed,
    moeTp,
    attentionDp,
    replicas,
    chipsPerInstance,
    chips: chipsPerInstance * replicas,
  };

  const resolved = stackFor(perf, chip, stack, model.id, precision.requested, servingLayout(parallel));
  const params: StackParams = { ...resolved.entry.params, ...options.params };
  // A chip that inherits a family's fit without having been measured in it is an extrapolation: not
  // calibrated, and its band widens by half on each side.
  const fittedChips = resolved.entry.provenance.chips;
  const extrapolated =
    resolved.scope !== "chip" &&
    resolved.scope !== "model" &&
    fittedChips !== undefined &&
    !fittedChips.includes(chip.id);
  const calibrated = resolved.entry.calibrated && !extrapolated;
  const widen = (b: { low: number; high: number }) => ({ low: b.low / 1.5, high: b.high * 1.5 });
  const entryBand = resolved.entry.band;
  const band: Bands = extrapolated
    ? { throughput: widen(entryBand.throughput), tpot: widen(entryBand.tpot), ttft: widen(entryBand.ttft) }
    : entryBand;
  if (extrapolated)
    warnings.push(
      `${chip.id} inherits the ${stack} calibration of family ${resolved.family ?? "?"} (fitted on ${fittedChips.join(", ")}) without measurements of its own: band widened`,
    );
  const economics: Economics = { ...perf.economics, ...options.economics };
  const system = perf.systems.find((s) => s.chip === chip.id);
  const scaleUpDomain = system?.scaleUpDomain?.value ?? economics.scaleUpDomain;
  const scaleOutGBps = system?.scaleOutGBps?.value ?? economics.scaleOutGBps;

  const tbps = chip.memory.tbps;
  if (tbps === null || !(tbps > 0))
    throw new PerfError(`chip ${chip.id} has no memory bandwidth (memory.tbps) in the catalog`);
  const gb = chip.memory.gb;
  if (gb === null || !(gb > 0))
    throw new PerfError(`chip ${chip.id} has no memory capacity (memory.gb) in the catalog`);

  // power cap: speed ∝ (cap/TDP)^exponent (MLPerf v4.1 H200 MaxQ vs 700 W, see data/perf/economics)
  const tdpW = chip.tdpW;
  let speed = 1;
  let loadW = tdpW;
  if (options.powerCapW !== undefined) {
    if (!(options.powerCapW > 0)) throw new PerfError(`power cap must be positive, got ${options.powerCapW}`);
    if (tdpW === null) warnings.push(`${chip.id} has no TDP in the catalog: the power cap is ignored`);
    else if (options.powerCapW < tdpW) {
      // below the idle draw the chip cannot run at all; the power model would report more than the cap
      const idleFloorW = tdpW * economics.idlePowerFraction;
      if (options.powerCapW <= idleFloorW)
        throw new PerfError(
          `power cap ${options.powerCapW} W is at or below ${chip.id}'s idle draw (${idleFloorW.toFixed(0)} W = ${economics.idlePowerFraction} × its ${tdpW} W TDP): give a cap between ${Math.ceil(idleFloorW + 1)} and ${tdpW} W`,
        );
      if (options.powerCapW < tdpW / 2)
        warnings.push(
          `power cap ${options.powerCapW} W is below half the ${tdpW} W TDP: the speed curve (cap/TDP)^${economics.powerCapExponent} was fitted at 500 of 700 W (MLPerf MaxQ) and is an extrapolation this far down`,
        );
      speed = (options.powerCapW / tdpW) ** economics.powerCapExponent;
      loadW = options.powerCapW;
    }
  }

  const peakBytesPerSec = tbps * 1e12;
  const bytesPerSec = peakBytesPerSec * params.memory * speed;
  const bwSec = 1 / bytesPerSec;
  const peakComputeFlops = precision.computeTflops * 1e12;
  const gemmFlops = peakComputeFlops * params.gemmPeak * speed;
  const attnFlops = precision.attentionTflops * 1e12 * params.attention * speed;
  const wb = precision.weightBytes;

  const L = 1 / pp; // fraction of the layers on one stage
  const softmax = shape.softmaxLayers * L;
  const windowed = shape.windowLayers * L;
  const full = softmax - windowed;
  const linear = shape.linearLayers * L;
  const dense = shape.denseLayers * L;
  const moeLayers = shape.moeLayers * L;
  const layers = shape.layers * L;

  const attnWeights = (softmax * shape.softmaxAttentionParams + linear * shape.linearAttentionParams) / tp;
  const denseParams =
    attnWeights +
    (dense * shape.denseFfnParams) / tp +
    moeLayers * (shape.sharedParams / tp + shape.routerParams);
  const lmHead = (shape.lmHeadParams / tp) * L; // spread over stages: pp·stage time counts it once
  const denseWeightSec = (denseParams * wb + lmHead * 2) * bwSec;
  const denseFlopSec = (2 * (denseParams + lmHead)) / gemmFlops;

  const expertsLocal = moe ? shape.experts / epUsed : 0;
  const expertWeightSec = moe ? ((moeLayers * shape.expertParams) / moeTp) * wb * bwSec : 0;
  const expertFlopSec = moe ? (2 * moeLayers * shape.expertParams) / moeTp / gemmFlops : 0;

  const kvShard = Math.min(tp, shape.kvSplit);
  const kvElemsMain = shape.kvElemsPerToken - shape.indexerElemsPerToken;
  // DeepSeek sparse attention: the stacks store the MLA latent in DeepSeek's FP8 layout (FlashMLA
  // sparse kernels; vLLM's default `fp8_ds_mla`): 512 fp8 + 4 fp32 scales + 64 bf16 rope = 656 B a token
  const kvb =
    shape.indexerElemsPerToken > 0 && precision.kv === "fp8" && kvElemsMain > 0
      ? DSA_FP8_KV_BYTES_PER_TOKEN / kvElemsMain
      : precision.kvBytes;
  const kvFullSec = ((full * kvElemsMain * kvb) / kvShard) * bwSec;
  const kvWindowSec = ((windowed * shape.kvElemsPerToken * kvb) / kvShard) * bwSec;
  const indexerSec = full * shape.indexerElemsPerToken * bwSec;
  const linearStateBytes = ((linear * shape.linearStateElems) / tp) * 4;
  const linearStateSec = linearStateBytes * bwSec;
  const attnFullFlopSec = (full * shape.attnDecodeFlopsPerCtx) / tp / attnFlops;
  const attnWindowFlopSec = (windowed * shape.attnDecodeFlopsPerCtx) / tp / attnFlops;
  const indexerFlopSec = (full * shape.indexerFlopsPerCtx) / tp / attnFlops;
  const linearFlopSec = (linear * shape.linearFlopsPerToken) / tp / attnFlops;
  const pfFullFlopSec = (full * shape.attnPrefillFlopsPerCtx) / tp / attnFlops;
  const pfWindowFlopSec = (windowed * shape.attnPrefillFlopsPerCtx) / tp / attnFlops;

  // links: per-direction bandwidth of the scale-up fabric inside the domain, the network beyond it. A
  // pipeline stage's tensor- and expert-parallel group (tp·attentionDp chips) talks among itself; only
  // the hand-offs between stages cross to the next stage's chips.
  const scaleUp = chip.interconnect.scaleUpGBps;
  const hasScaleUp = scaleUp !== null && scaleUp > 0;
  const stageChips = tp * attentionDp;
  const stageInDomain = hasScaleUp && stageChips <= scaleUpDomain;
  const inDomain = hasScaleUp && chipsPerInstance <= scaleUpDomain;
  if (chipsPerInstance > 1 && !inDomain)
    warnings.push(
      !hasScaleUp
        ? `${chip.id} has no scale-up link in the catalog: collectives use the ${scaleOutGBps} GB/s scale-out network`
        : !stageInDomain
          ? `${stageChips} chips per pipeline stage exceed the scale-up domain of ${scaleUpDomain}: tensor- and expert-parallel traffic crosses the ${scaleOutGBps} GB/s scale-out network`
          : `${chipsPerInstance} chips exceed the scale-up domain of ${scaleUpDomain}: pipeline hand-offs cross the ${scaleOutGBps} GB/s scale-out network`,
    );
  // the stack's fitted link efficiency describes its kernels on the scale-up fabric; across the network the
  // achieved share is the expert-parallel libraries' measured one (economics.scaleOutEfficiency)
  const scaleOutBytesPerSec = scaleOutGBps * 1e9 * economics.scaleOutEfficiency;
  const scaleUpBytesPerSec = hasScaleUp ? (scaleUp / 2) * 1e9 * params.link : scaleOutBytesPerSec;
  const groupBytesPerSec = stageInDomain ? scaleUpBytesPerSec : scaleOutBytesPerSec;
  const p2pBytesPerSec = inDomain ? scaleUpBytesPerSec : scaleOutBytesPerSec;
  const lat = params.linkLatencyUs * 1e-6;
  const actBytes = 2;
  // All-reduces per layer: after attention (tp > 1), after a dense FFN (tp > 1) and after a routed-expert
  // block split inside each expert (moeTp > 1; with ep > 1 the combine all-to-all does the reduction).
  // Inside a scale-up domain the stacks use one-shot/two-shot all-reduce kernels: one latency per call;
  // over a network a ring pays 2·(n − 1) latencies.
  const arPerLayerSum =
    (tp > 1 ? layers : 0) + (tp > 1 ? dense : 0) + (moeTp > 1 ? moeLayers * (epUsed > 1 ? 0 : 1) : 0);
  const arRanks = Math.max(tp, moeTp);
  const arLatSteps = stageInDomain ? 1 : 2 * (arRanks - 1);
  const allReduceLatSec = arRanks > 1 ? arPerLayerSum * arLatSteps * lat : 0;
  const allReduceTokenSec =
    arRanks > 1
      ? (arPerLayerSum * 2 * (arRanks - 1) * shape.hidden * actBytes) / (arRanks * groupBytesPerSec)
      : 0;
  // expert parallel: dispatch (8- or 16-bit) and combine (16-bit) of k copies of each token. A stage
  // spanning several scale-up domains sends each token once to every other domain that holds one of its
  // k experts (at most min(k, domains) of them) and fans it out inside the domain over the scale-up link
  // (DeepEP's internode kernels; DeepSeek-V3 also caps a token at 4 nodes).
  const a2a = moe && epUsed > 1;
  const copyBytes = shape.hidden * (precision.dispatchBytes + 2);
  const k = shape.activeExperts;
  const domains = Math.ceil(stageChips / scaleUpDomain);
  const a2aTokenBytesSec =
    hasScaleUp && !stageInDomain
      ? (Math.min(k, domains) * (domains - 1)) / domains / scaleOutBytesPerSec +
        (k * (scaleUpDomain - 1)) / scaleUpDomain / scaleUpBytesPerSec
      : (k * (epUsed - 1)) / epUsed / groupBytesPerSec;
  const allToAllLatSec = a2a ? 2 * moeLayers * lat : 0;
  const allToAllTokenSec = a2a ? (moeLayers * copyBytes * a2aTokenBytesSec) / tp : 0;
  const p2pLatSec = pp > 1 ? lat : 0;
  const p2pTokenSec = pp > 1 ? (shape.hidden * actBytes) / p2pBytesPerSec : 0;

  // memory per chip
  const layerWeightBytes =
    (denseParams + (moe ? moeLayers * shape.experts * shape.expertParams : 0) / (moe ? epUsed * moeTp : 1)) *
    wb;
  // an MTP head is one more layer of the model (DeepSeek-V3: one MoE layer) held beside the last stage's;
  // charged to every stage, as the memory check is per chip
  const mtpBytes =
    spec === undefined
      ? 0
      : (layerWeightBytes / (shape.layers / pp)) * Math.max(1, model.arch.mtpLayers ?? 0);
  const weightBytes = layerWeightBytes + ((shape.embeddingParams / tp) * 2) / pp + mtpBytes;
  // the indexer key is stored in 8 bits (+ a scale per 128) beside the latent
  const kvSeqFullBytes = (full * (kvElemsMain * kvb + shape.indexerElemsPerToken)) / kvShard;
  const kvSeqWindowBytes = (windowed * shape.kvElemsPerToken * kvb) / kvShard;
  // residual, norms, q/k/v and attention output, and the (gate and up) FFN intermediate, in 16 bits
  const activationTokenBytes = (8 * shape.hidden + (2 * shape.ffnInner) / tp) * 2;

  const idleW = tdpW === null ? null : tdpW * economics.idlePowerFraction;
  return {
    modelId: model.id,
    chipId: chip.id,
    stack,
    precision,
    parallel,
    params,
    calibrated,
    band,
    scope: resolved.scope,
    entryLabel: entryLabel(resolved.entry),
    provenance: resolved.entry.provenance,
    warnings,
    shape,
    economics,
    pp,
    attentionDp,
    replicas,
    gemmHalf: params.gemmHalfTokens,
    prefillStall: params.prefillStall,
    ttftQueue: params.ttftQueue,
    ttftDecodeSteps: params.ttftDecodeSteps,
    ttftAdmit: params.ttftAdmit,
    requestSec: params.requestOverheadMs / 1000,
    stepSec: params.stepOverheadMs / 1000 / speed,
    layerSec: params.layerOverheadUs * 1e-6 * layers,
    denseWeightSec,
    denseFlopSec,
    queryTokens: spec === undefined ? 1 : 1 + spec.draftTokens,
    acceptedTokens: spec === undefined ? 1 : spec.acceptedTokens,
    layersPerStage: shape.layers / pp,
    scaleOutBytesPerSec,
    overlap: options.overlap === true,
    moe,
    expertMiss: moe ? 1 - shape.activeExperts / shape.experts : 1,
    expertsLocal,
    expertWeightSec,
    expertFlopSec,
    kOverEp: moe ? shape.activeExperts / epUsed : 0,
    moeOverhead: params.moeOverhead,
    kvFullSec,
    kvWindowSec,
    indexerSec,
    linearStateSec,
    window: shape.window,
    attendCap: shape.attendCap,
    attnFullFlopSec,
    attnWindowFlopSec,
    indexerFlopSec,
    linearFlopSec,
    pfFullFlopSec,
    pfWindowFlopSec,
    allReduceLatSec,
    allReduceTokenSec,
    allToAllLatSec,
    allToAllTokenSec,
    p2pLatSec,
    p2pTokenSec,
    usableBytes: gb * 1e9 * params.memoryUsable,
    capacityBytes: gb * 1e9,
    weightBytes,
    kvSeqFullBytes,
    kvSeqWindowBytes,
    kvSeqFixedBytes: linearStateBytes,
    activationTokenBytes,
    tdpW,
    loadW,
    idleW,
    priceUsd: chip.priceUsd,
    peakComputeFlops,
    peakBytesPerSec,
  };
}
