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
 * `ctx`. Each operator group costs the larger of its memory and compute time:
 *   dense = max(W_dense/BW, F_dense·(b + h)),  h = gemmHalfTokens
 *   experts = moeOverhead · max(E_loc·f·W_exp/BW, F_exp·(T·k/ep + h·E_loc·f)),  f = 1 − (1 − k/E)^T, T = b·attentionDp
 *   attention = b · max(KV(ctx)/BW, FLOPs(ctx)/attnPeak)  (full layers capped at the sparse top-k, windows at the window)
 * plus the collectives (tensor-parallel all-reduces, expert all-to-all) and the per-layer overhead.
 */
function decodeStage(
  p: PreparedInference,
  b: number,
  ctx: number,
  split: TimeSplit | null,
  times: number,
): number {
  let mem = 0;
  let cmp = 0;
  const dMem = p.denseWeightSec;
  const dCmp = p.denseFlopSec * (b + p.gemmHalf);
  if (dMem >= dCmp) mem += dMem;
  else cmp += dCmp;
  let comm = p.allReduceLatSec + b * p.allReduceTokenSec;
  if (p.moe) {
    const tokens = b * p.attentionDp;
    const touched = p.expertsLocal * (1 - p.expertMiss ** tokens);
    const eMem = p.expertWeightSec * touched * p.moeOverhead;
    const eCmp = p.expertFlopSec * (tokens * p.kOverEp + p.gemmHalf * touched) * p.moeOverhead;
    if (eMem >= eCmp) mem += eMem;
    else cmp += eCmp;
    comm += p.allToAllLatSec + b * p.allToAllTokenSec;
  }
  const attended = Math.min(ctx, p.attendCap);
  const windowed = Math.min(ctx, p.window);
  const aMem =
    b * (p.kvFullSec * attended + p.indexerSec * ctx + p.kvWindowSec * windowed + p.linearStateSec);
  const aCmp =
    b *
    (p.attnFullFlopSec * attended +
      p.indexerFlopSec * ctx +
      p.attnWindowFlopSec * windowed +
      p.linearFlopSec);
  if (aMem >= aCmp) mem += aMem;
  else cmp += aCmp;
  if (split !== null) {
    split.memorySec += mem * times;
    split.computeSec += cmp * times;
    split.commSec += comm * times;
    split.overheadSec += p.layerSec * times;
  }
  return mem + cmp + comm + p.layerSec;
}

/** One pipeline stage of the prefill of one request of n tokens, seconds (as {@link decodeStage}). */
function prefillStage(p: PreparedInference, n: number, split: TimeSplit | null, times: number): number {
  let mem = 0;
  let cmp = 0;
  const dMem = p.denseWeightSec;
  const dCmp = p.denseFlopSec * (n + p.gemmHalf);
  if (dMem >= dCmp) mem += dMem;
  else cmp += dCmp;
  let comm = p.allReduceLatSec + n * p.allReduceTokenSec;
  if (p.moe) {
    const touched = p.expertsLocal * (1 - p.expertMiss ** n);
    const eMem = p.expertWeightSec * touched * p.moeOverhead;
    const eCmp = p.expertFlopSec * (n * p.kOverEp + p.gemmHalf * touched) * p.moeOverhead;
    if (eMem >= eCmp) mem += eMem;
    else cmp += eCmp;
    comm += p.allToAllLatSec + n * p.allToAllTokenSec;
  }
  cmp +=
    p.pfFullFlopSec * causalPairs(n, p.attendCap) +
    p.indexerFlopSec * causalPairs(n, n) +
    p.pfWindowFlopSec * causalPairs(n, p.window) +
    p.linearFlopSec * n;
  if (split !== null) {
    split.memorySec += mem * times;
    split.computeSec += cmp * times;
    split.commSec += comm * times;
    split.overheadSec += p.layerSec * times;
  }
  return mem + cmp + comm + p.layerSec;
}

/**
 * Time of one decode step (one output token for each of `batch` sequences per attention rank at
 * context `ctx`), seconds. With pp stages the batch runs as m = min(batch, pp) micro-batches:
 *   t = stepOverhead + pp · stage(batch/m) + (pp − 1) · handoff(batch/m)
 * (micro-batches keep every stage busy; fewer than pp leave bubbles, so a lone sequence pays every stage).
 */
export function decodeStepSec(
  p: PreparedInference,
  batch: number,
  ctx: number,
  split: TimeSplit | null = null,
): number {
  const m = Math.min(batch, p.pp);
  const b = batch / m;
  if (split !== null) split.overheadSec += p.stepSec;
  return (
    p.stepSec + p.pp * decodeStage(p, b, ctx, split, p.pp) + (p.pp - 1) * (p.p2pLatSec + b * p.p2pTokenSec)
  );
}

/**
 * Time to prefill one request of n prompt tokens, seconds:
 *   t = stepOverhead + pp · stage(n) + (pp − 1) · handoff(n)
 * where a stage runs its GEMMs on n tokens (near peak efficiency for long prompts) and causal attention
 * over n·(n+1)/2 (query, key) pairs (capped by windows and sparse top-k).
 */
export function prefillSec(p: PreparedInference, n: number, split: TimeSplit | null = null): number {
  if (split !== null) split.overheadSec += p.stepSec;
  return p.stepSec + p.pp * prefillStage(p, n, split, p.pp) + (p.pp - 1) * (p.p2pLatSec + n * p.p2pTokenSec);
}
