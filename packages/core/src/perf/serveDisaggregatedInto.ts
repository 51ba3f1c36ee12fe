import type { PreparedInference } from "./prepareInference.js";
import { MAX_STEP_TOKENS } from "./prepareInference.js";
import { maxBatchAt, type ServePoint, servePoint } from "./serveInto.js";
import { decodeStepSec, prefillSec, type TimeSplit } from "./stepTime.js";

/** A disaggregated serving point: the {@link ServePoint} fields and the two pools' sizes and rates. */
export interface DisaggregatedPoint extends ServePoint {
  /** Prefill chips needed per decode chip to keep the decode pool fed (at full prefill utilisation). */
  prefillChipsPerDecodeChip: number;
  /** Prompt tokens/s one prefill chip processes. */
  prefillInputTokensPerSecPerChip: number;
  /** Output tokens/s per decode chip (the pooled per-chip figure counts the prefill chips too). */
  decodeOutputTokensPerSecPerChip: number;
  /** Moving a prompt's KV cache from its prefill chips to the decode chips, ms (all exposed). */
  kvTransferMs: number;
}

/** A zeroed {@link DisaggregatedPoint} to reuse across calls. */
export function disaggregatedPoint(): DisaggregatedPoint {
  return {
    ...servePoint(),
    prefillChipsPerDecodeChip: 0,
    prefillInputTokensPerSecPerChip: 0,
    decodeOutputTokensPerSecPerChip: 0,
    kvTransferMs: 0,
  };
}

/**
 * Disaggregated serving: prompts are prefilled on a prefill instance (`prefill`, its own layout), their
 * KV cache moves over the scale-out network, and a decode instance (`decode`) generates the output with
 * no prefill in its steps. `batch` sequences decode per decode attention rank (prefilled requests queue
 * for a free slot, so the slots stay full), each with `isl` prompt and `osl` output tokens; with
 * b = min(batch, maxBatch(isl + osl/2)) of them fitting in memory:
 *   t_dec = decodeStep(b, isl + osl/2) on the decode instance, a = tokens kept per step
 *   TPOT  = t_dec / a                                (no prefill stalls the decode steps)
 *   TTFT  = prefill(k × isl) + KV_chip(isl) / scaleOut + r   on the prefill instance, k = ⌊8,192/isl⌋ ≥ 1
 *           prompts a pass (the step's token budget), all its attention ranks prefilling at once (the
 *           experts see every rank's prompts); r: request latency;
 *           prefill pools sized with headroom: no queueing modelled; the transfer is counted whole,
 *           though stacks that send layer by layer hide most of it
 *   output/s = b / (max(osl − 1, 1) · TPOT) requests/s · osl tokens per decode rank, × attentionDp ×
 *              replicas (the first token comes from the prefill)
 *   prefill tokens/s per chip = k · isl · attentionDp_p · pp_p / (prefill(k × isl) · chips_p)   (one
 *              pass per rank and pipeline stage in flight)
 *   prefill chips per decode chip = (output/s per decode chip / osl) · isl / prefill tokens/s per chip
 *   output/s per chip (both pools) = output/s per decode chip / (1 + prefill chips per decode chip)
 * Allocation-free: writes `out`.
 */
export function serveDisaggregatedInto(
  prefill: PreparedInference,
  decode: PreparedInference,
  batch: number,
  isl: number,
  osl: number,
  out: DisaggregatedPoint,
  decodeSplit: TimeSplit | null = null,
  prefillSplit: TimeSplit | null = null,
): DisaggregatedPoint {
  const ctxMid = isl + osl / 2;
  // a decode step carries no prompt chunk: its workspace holds the batch's tokens only
  const maxBatch = maxBatchAt(decode, 1, ctxMid, batch * decode.queryTokens);
  const fits = maxBatch >= batch;
  const b = fits || maxBatch < 1 ? batch : maxBatch;
  const tDec = decodeStepSec(decode, b, ctxMid, decodeSplit);
  const tpot = tDec / decode.acceptedTokens;
  // a prefill pool sized to its load keeps every attention rank busy (the experts see all their prompts)
  // and batches short prompts up to the step's token budget, as chunked-prefill schedulers do
  const prompts = Math.max(1, Math.floor(MAX_STEP_TOKENS / isl));
  const tPf = prefillSec(prefill, isl, prefillSplit, prefill.attentionDp, prompts);
  const kvChipBytes =
    prefill.kvSeqFullBytes * isl +
    prefill.kvSeqWindowBytes * Math.min(isl, prefill.window) +
    prefill.kvSeqFixedBytes;
  const kvSec = kvChipBytes / prefill.scaleOutBytesPerSec;
  const ttft = tPf + kvSec + prefill.requestSec;
  const total = ((b * osl) / (Math.max(osl - 1, 1) * tpot)) * decode.attentionDp * decode.replicas;
  const perDecodeChip = total / decode.parallel.chips;
  // a busy pool keeps one prompt per attention rank in each of its pp stages
  const prefillPerChip =
    (prompts * isl * prefill.attentionDp * prefill.pp) / (tPf * prefill.parallel.chipsPerInstance);
  const ratio = ((perDecodeChip / osl) * isl) / prefillPerChip;
  out.ttftMs = ttft * 1000;
  out.tpotMs = tpot * 1000;
  out.outputTokensPerSec = total;
  out.outputTokensPerSecPerChip = perDecodeChip / (1 + ratio);
  out.decodeStepMs = tDec * 1000;
  out.prefillMs = tPf * 1000;
  out.runningBatch = b;
  out.maxBatch = maxBatch;
  out.fits = fits && maxBatch >= 1;
  out.prefillChipsPerDecodeChip = ratio;
  out.prefillInputTokensPerSecPerChip = prefillPerChip;
  out.decodeOutputTokensPerSecPerChip = perDecodeChip;
  out.kvTransferMs = kvSec * 1000;
  return out;
}
