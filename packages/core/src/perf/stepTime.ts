import type { PreparedInference } from "./prepareInference.js";

/** Where the time of a step goes, seconds; filled by the step functions when passed. */
export interface TimeSplit {
  memorySec: number;
  computeSec: number;
  commSec: number;
  overheadSec: number;
}

/** A zeroed {@link TimeSplit}. */
export function timeSplit(): TimeSplit {
  return { memorySec: 0, computeSec: 0, commSec: 0, overheadSec: 0 };
}

/** What bounds a step: the largest of its memory, compute and interconnect time. */
export type Bound = "memory" | "compute" | "interconnect";

/** The {@link Bound} of a split: the largest of memory, compute and interconnect time (ties → memory). */
export function boundOf(split: TimeSplit): Bound {
  if (split.computeSec > split.memorySec && split.computeSec >= split.commSec) return "compute";
  if (split.commSec > split.memorySec) return "interconnect";
  return "memory";
}

/** Σ_{i=1..n} min(i, cap): (query, key) pairs of causal attention over n tokens with a window of cap. */
function causalPairs(n: number, cap: number): number {
  return n <= cap ? (n * (n + 1)) / 2 : (cap * (cap + 1)) / 2 + (n - cap) * cap;
}

/**
 * One pipeline stage of a decode step on one chip, seconds: b sequences per attention rank at context
 * `ctx`, each with q query tokens (1; 1 + draft tokens when a speculative step verifies drafts). With
 * n = b·q tokens per rank, each operator group costs the larger of its memory and compute time:
 *   dense = max(W_dense/BW, F_dense·(n + h)),  h = gemmHalfTokens
 *   experts = moeOverhead · max(E_loc·f·W_exp/BW, F_exp·(T·k/ep + h·E_loc·f)),  f = 1 − (1 − k/E)^T, T = n·attentionDp
 *   attention = b · max(KV(ctx)/BW, q·FLOPs(ctx)/attnPeak)  (a sequence's KV is read once for its q
 *               queries; full layers capped at the sparse top-k, windows at the window)
 * plus the collectives (tensor-parallel all-reduces, expert all-to-all, both per token) and the per-layer overhead.
 */
function decodeStage(
  p: PreparedInference,
  b: number,
  ctx: number,
  split: TimeSplit | null,
  times: number,
  q: number,
): number {
  let mem = 0;
  let cmp = 0;
  const n = b * q;
  const dMem = p.denseWeightSec;
  const dCmp = p.denseFlopSec * (n + p.gemmHalf);
  if (dMem >= dCmp) mem += dMem;
  else cmp += dCmp;
  let comm = p.allReduceLatSec + n * p.allReduceTokenSec;
  if (p.moe) {
    const tokens = n * p.attentionDp;
    const touched = p.expertsLocal * (1 - p.expertMiss ** tokens);
    const eMem = p.expertWeightSec * touched * p.moeOverhead;
    const eCmp = p.expertFlopSec * (tokens * p.kOverEp + p.gemmHalf * touched) * p.moeOverhead;
    if (eMem >= eCmp) mem += eMem;
    else cmp += eCmp;
    comm += p.allToAllLatSec + n * p.allToAllTokenSec;
  }
  const attended = Math.min(ctx, p.attendCap);
  const windowed = Math.min(ctx, p.window);
  const aMem =
    b * (p.kvFullSec * attended + p.indexerSec * ctx + p.kvWindowSec * windowed + p.linearStateSec);
  const aCmp =
    n *
    (p.attnFullFlopSec * attended +
      p.indexerFlopSec * ctx +
      p.attnWindowFlopSec * windowed +
      p.linearFlopSec);
  if (aMem >= aCmp) mem += aMem;
  else cmp += aCmp;
  return stageSum(p, mem, cmp, comm, split, times);
}

/**
 * A stage's time from its memory, compute and communication parts: mem + cmp + comm + layer overhead,
 * or with two-batch overlap mem + cmp + max(0, comm − (mem + cmp)) + overhead (only the communication
 * that outlasts the other micro-batch's work shows).
 */
function stageSum(
  p: PreparedInference,
  mem: number,
  cmp: number,
  comm: number,
  split: TimeSplit | null,
  times: number,
): number {
  const shown = p.overlap ? Math.max(0, comm - mem - cmp) : comm;
  if (split !== null) {
    split.memorySec += mem * times;
    split.computeSec += cmp * times;
    split.commSec += shown * times;
    split.overheadSec += p.layerSec * times;
  }
  return mem + cmp + shown + p.layerSec;
}

/**
 * One pipeline stage of the prefill of `prompts` requests of n tokens each in one pass, seconds (as
 * {@link decodeStage}): GEMMs on prompts·n tokens, causal attention within each prompt; the experts see
 * the tokens of `ranks` attention ranks prefilling at once (T = prompts·n·ranks).
 */
function prefillStage(
  p: PreparedInference,
  n: number,
  split: TimeSplit | null,
  times: number,
  ranks: number,
  prompts: number,
): number {
  let mem = 0;
  let cmp = 0;
  const pairs = prompts;
  n *= prompts;
  const dMem = p.denseWeightSec;
  const dCmp = p.denseFlopSec * (n + p.gemmHalf);
  if (dMem >= dCmp) mem += dMem;
  else cmp += dCmp;
  let comm = p.allReduceLatSec + n * p.allReduceTokenSec;
  if (p.moe) {
    const tokens = n * ranks;
    const touched = p.expertsLocal * (1 - p.expertMiss ** tokens);
    const eMem = p.expertWeightSec * touched * p.moeOverhead;
    const eCmp = p.expertFlopSec * (tokens * p.kOverEp + p.gemmHalf * touched) * p.moeOverhead;
    if (eMem >= eCmp) mem += eMem;
    else cmp += eCmp;
    comm += p.allToAllLatSec + n * p.allToAllTokenSec;
  }
  const one = n / prompts;
  cmp +=
    pairs *
      (p.pfFullFlopSec * causalPairs(one, p.attendCap) +
        p.indexerFlopSec * causalPairs(one, one) +
        p.pfWindowFlopSec * causalPairs(one, p.window)) +
    p.linearFlopSec * n;
  return stageSum(p, mem, cmp, comm, split, times);
}

/**
 * Time of one decode step for `batch` sequences per attention rank at context `ctx`, seconds. Each
 * sequence carries q = 1 + draft tokens queries (q = 1 without speculative decoding). With pp stages
 * the batch runs as m = min(batch, pp) micro-batches:
 *   t = stepOverhead + pp · stage(batch/m, q) + (pp − 1) · handoff(q·batch/m)
 *       + (q − 1) · m · stage(batch/m, 1) / (layers/pp) (the MTP head drafts with one layer per draft
 *                                                     token, for each of the m micro-batches)
 * (micro-batches keep every stage busy; fewer than pp leave bubbles, so a lone sequence pays every
 * stage). The step yields `acceptedTokens` tokens per sequence; the caller divides.
 */
export function decodeStepSec(
  p: PreparedInference,
  batch: number,
  ctx: number,
  split: TimeSplit | null = null,
): number {
  const m = Math.min(batch, p.pp);
  const b = batch / m;
  const q = p.queryTokens;
  // the draft layer's time is booked as overhead in the split
  const draft = q > 1 ? ((q - 1) * m * decodeStage(p, b, ctx, null, 1, 1)) / p.layersPerStage : 0;
  if (split !== null) split.overheadSec += p.stepSec + draft;
  return (
    p.stepSec +
    draft +
    p.pp * decodeStage(p, b, ctx, split, p.pp, q) +
    (p.pp - 1) * (p.p2pLatSec + b * q * p.p2pTokenSec)
  );
}

/**
 * Time to prefill `prompts` requests of n prompt tokens each in one pass (default one), seconds:
 *   t = stepOverhead + pp · stage(k·n) + (pp − 1) · handoff(k·n),  k = prompts
 * where a stage runs its GEMMs on k·n tokens (near peak efficiency for long prompts) and causal attention
 * over k · n·(n+1)/2 (query, key) pairs (capped by windows and sparse top-k). `ranks` attention-DP ranks
 * prefill at the same time (their experts then work on all their tokens: a busy prefill pool); the
 * default 1 is a prompt arriving alone, as in aggregated serving where prefills do not line up.
 */
export function prefillSec(
  p: PreparedInference,
  n: number,
  split: TimeSplit | null = null,
  ranks = 1,
  prompts = 1,
): number {
  if (split !== null) split.overheadSec += p.stepSec;
  return (
    p.stepSec +
    p.pp * prefillStage(p, n, split, p.pp, ranks, prompts) +
    (p.pp - 1) * (p.p2pLatSec + prompts * n * p.p2pTokenSec)
  );
}
