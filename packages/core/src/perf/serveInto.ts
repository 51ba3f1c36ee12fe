import { MAX_STEP_TOKENS, type PreparedInference } from "./prepareInference.js";
import { decodeStepSec, prefillSec, type TimeSplit } from "./stepTime.js";

/** One serving operating point; {@link serveInto} overwrites every field. */
export interface ServePoint {
  ttftMs: number;
  tpotMs: number;
  /** Output tokens/s of all replicas. */
  outputTokensPerSec: number;
  outputTokensPerSecPerChip: number;
  /** Pure decode step at the running batch (no prefill interference), ms. */
  decodeStepMs: number;
  /** Prefill of one request, ms. */
  prefillMs: number;
  /** Sequences running per attention rank (the batch, or fewer when memory caps it). */
  runningBatch: number;
  /** Largest batch per attention rank whose KV cache fits at context isl + osl (0: the weights do not fit). */
  maxBatch: number;
  fits: boolean;
}

/** A zeroed {@link ServePoint} to reuse across calls. */
export function servePoint(): ServePoint {
  return {
    ttftMs: 0,
    tpotMs: 0,
    outputTokensPerSec: 0,
    outputTokensPerSecPerChip: 0,
    decodeStepMs: 0,
    prefillMs: 0,
    runningBatch: 0,
    maxBatch: 0,
    fits: false,
  };
}

/**
 * Largest number of sequences per attention rank whose KV cache fits beside the weights and the
 * activation workspace at (average) context `ctx`:
 *   ⌊(usable − weights − act·min(max(isl, batch), 8192)) / (kvFull·ctx + kvWindow·min(ctx, window) + state)⌋
 */
export function maxBatchAt(p: PreparedInference, isl: number, ctx: number, batch = 1): number {
  const stepTokens = Math.min(Math.max(isl, batch), MAX_STEP_TOKENS);
  const free = p.usableBytes - p.weightBytes - p.activationTokenBytes * stepTokens;
  if (free <= 0) return 0;
  const perSeq = p.kvSeqFullBytes * ctx + p.kvSeqWindowBytes * Math.min(ctx, p.window) + p.kvSeqFixedBytes;
  return perSeq > 0 ? Math.floor(free / perSeq) : Number.MAX_SAFE_INTEGER;
}

/** The largest batch a max-throughput run holds: TensorRT-LLM's default `max_batch_size`. */
export const MAX_THROUGHPUT_BATCH = 2048;

/**
 * Batch per attention rank of a max-throughput run (trtllm-bench, MLPerf Offline: as many requests in
 * flight as fit): min(max(maxBatchAt(isl, isl + osl/2), 1), 2,048). At least 1, so that a run whose KV
 * cache does not fit is still evaluated (and reported as not fitting).
 */
export function maxThroughputBatch(p: PreparedInference, isl: number, osl: number): number {
  return Math.max(1, Math.min(maxBatchAt(p, isl, isl + osl / 2), MAX_THROUGHPUT_BATCH));
}

/**
 * Clients at and above which the admission wait w takes its full size. w is fitted on the silicon sample's
 * runs, all at 8 or more concurrent clients; below that nothing measures it, and a lone client has no
 * other request's completion to wait on, so the wait ramps linearly from 0 at one client to its full size
 * at 8 (an assumption: applied at batch 1 the fitted term charged the whole generation, 5.7 s of TTFT for
 * Llama 3.1 8B on H100).
 */
export const ADMIT_FULL_BATCH = 8;

/**
 * Aggregated serving (prefill and decode on the same chips, continuous batching) at a concurrency of
 * `batch` requests per attention rank, each with `isl` prompt and `osl` output tokens — the `agg` mode of
 * AIConfigurator's silicon_sample.csv. With b = min(batch, maxBatch(isl + osl/2)) sequences running (paged
 * KV: in steady state a sequence holds isl + osl/2 tokens on average):
 *   t_dec = decodeStep(b, isl + osl/2),  t_pf = prefill(isl),  a = tokens kept per step (1; more with
 *                                                 speculative decoding)
 *   TPOT  = t_dec / a + α · b · t_pf / osl        (each of the b slots refills once per request lifetime,
 *                                                 and a fraction α of every prefill stalls the batch)
 *   TTFT  = t_pf · (1 + q·(b − 1)/2)               (closed-loop clients with equal lengths arrive in
 *                                                 waves: a prompt waits on average for (b − 1)/2 others,
 *                                                 q ≪ 1 where the stack batches prefills or they spread)
 *         + k · t_dec  (b > 1; 0 at b = 1)        (the running batch's decode steps the first token waits
 *                                                 on: the step in flight, the mixed steps that carry a
 *                                                 chunked prefill beside the decodes, the scheduler's
 *                                                 output lag; grows with b through t_dec)
 *         + r                                     (fixed request latency: HTTP, tokenizer, scheduler)
 *         + w · (osl − 1) · TPOT / b · min(1, (b − 1)/7)   (admission: a share of the interval between
 *                                                 two completions, the moment a closed-loop client's slot
 *                                                 frees; none for a lone client, see ADMIT_FULL_BATCH)
 *         + (batch − b)/b · (TTFT + (osl − 1)·TPOT)  when memory caps the batch (requests wait for a slot)
 *   throughput = batch · osl / (TTFT + (osl − 1) · TPOT) per rank, × attentionDp × replicas.
 * α = prefillStall, q = ttftQueue, k = ttftDecodeSteps, w = ttftAdmit and r = requestOverheadMs come from the stack's calibration. Allocation-free: writes `out`.
 */
export function serveInto(
  p: PreparedInference,
  batch: number,
  isl: number,
  osl: number,
  out: ServePoint,
  decodeSplit: TimeSplit | null = null,
  prefillSplit: TimeSplit | null = null,
): ServePoint {
  // paged KV caches hold what the running sequences have written: in steady state their ages spread
  // evenly over the output, so the cache holds isl + osl/2 tokens per sequence on average
  const ctxMid = isl + osl / 2;
  const maxBatch = maxBatchAt(p, isl, ctxMid, batch);
  const fits = maxBatch >= batch;
  const b = fits || maxBatch < 1 ? batch : maxBatch;
  const tDec = decodeStepSec(p, b, ctxMid, decodeSplit);
  const tPf = prefillSec(p, isl, prefillSplit);
  const tpot = tDec / p.acceptedTokens + (p.prefillStall * b * tPf) / osl;
  // closed-loop clients with equal lengths stay in step: the b prompts of a wave queue behind each other
  // a lone request has no running batch to wait on
  let ttft =
    tPf * (1 + (p.ttftQueue * (b - 1)) / 2) +
    (b > 1 ? p.ttftDecodeSteps * tDec : 0) +
    ((p.ttftAdmit * (osl - 1) * tpot) / b) * Math.min(1, (b - 1) / (ADMIT_FULL_BATCH - 1)) +
    p.requestSec;
  if (b < batch) ttft += ((batch - b) / b) * (ttft + (osl - 1) * tpot);
  const e2e = ttft + (osl - 1) * tpot;
  const total = ((batch * osl) / e2e) * p.attentionDp * p.replicas;
  out.ttftMs = ttft * 1000;
  out.tpotMs = tpot * 1000;
  out.outputTokensPerSec = total;
  out.outputTokensPerSecPerChip = total / p.parallel.chips;
  out.decodeStepMs = tDec * 1000;
  out.prefillMs = tPf * 1000;
  out.runningBatch = b;
  out.maxBatch = maxBatch;
  out.fits = fits && maxBatch >= 1;
  return out;
}
