import type { Arch } from "./model.js";

/** Parameter counts of a decoder-only transformer, split by component. */
export interface ParamCount {
  /** All weights of the main model (MTP modules excluded, a vision tower included when recorded). */
  readonly total: number;
  /** Weights touched per token: shared weights plus `active` routed experts. */
  readonly active: number;
  /** Input embedding plus output head (zero when tied). */
  readonly embedding: number;
  /** The input embedding alone (V·H). */
  readonly inputEmbedding: number;
  readonly attention: number;
  readonly ffn: number;
  readonly norms: number;
  readonly vision: number;
}

/** Weights of one softmax-attention block (projections, biases, q/k norms, optional indexer). */
export function attentionParams(arch: Arch): number {
  const a = arch.attention;
  const h = arch.hidden;
  if (a.kind === "mla" && a.mla !== undefined) {
    const m = a.mla;
    const qkHead = m.qkNopeHeadDim + m.qkRopeHeadDim;
    // q: optional low-rank path (down, norm, up); kv: joint down-projection with the shared rope key, norm, up.
    const q =
      m.qLoraRank > 0 ? h * m.qLoraRank + m.qLoraRank + m.qLoraRank * a.heads * qkHead : h * a.heads * qkHead;
    const kv =
      h * (m.kvLoraRank + m.qkRopeHeadDim) +
      m.kvLoraRank +
      m.kvLoraRank * a.heads * (m.qkNopeHeadDim + m.vHeadDim);
    const o = a.heads * m.vHeadDim * h;
    const idx =
      a.indexer === undefined
        ? 0
        : // lightning indexer: query up-projection from the q latent, one key head, key LayerNorm, head weights.
          (m.qLoraRank > 0 ? m.qLoraRank : h) * a.indexer.heads * a.indexer.headDim +
          h * a.indexer.headDim +
          2 * a.indexer.headDim +
          h * a.indexer.heads;
    return q + kv + o + idx;
  }
  const d = a.headDim ?? h / a.heads;
  const qOut = a.heads * d * (a.outputGate === true ? 2 : 1);
  const kvOut = 2 * a.kvHeads * d;
  let n = h * (qOut + kvOut) + a.heads * d * h;
  if (a.qkvBias === true) n += qOut + kvOut;
  if (a.oBias === true) n += h;
  if (a.qkNorm === true) n += 2 * d;
  return n;
}

/** Weights of one Gated DeltaNet (linear-attention) block, as in Qwen3-Next / Qwen3.5. */
export function linearAttentionParams(arch: Arch): number {
  const l = arch.linearAttention;
  if (l === undefined) return 0;
  const h = arch.hidden;
  const keyDim = l.keyHeads * l.keyHeadDim;
  const valueDim = l.valueHeads * l.valueHeadDim;
  const inProj = h * (2 * keyDim + 2 * valueDim) + h * 2 * l.valueHeads; // q,k,v,z and the b,a gates
  const conv = (2 * keyDim + valueDim) * l.convKernel;
  const perHead = 2 * l.valueHeads; // dt bias and A_log
  const norm = l.valueHeadDim;
  const out = valueDim * h;
  return inProj + conv + perHead + norm + out;
}

/** Weights of one feed-forward network of width `inner`. */
function mlpParams(hidden: number, inner: number, gated: boolean, bias: boolean): number {
  const matrices = gated ? 3 : 2;
  const biases = bias ? (gated ? 2 * inner : inner) + hidden : 0;
  return matrices * hidden * inner + biases;
}

/**
 * Counts parameters from the architecture:
 * total = V·H·(tied ? 1 : 2) + H (final norm)
 *       + Σ_layers [ attention or linear attention + FFN (dense, or router + E experts + shared) + 2H norms ]
 *       + vision tower (when recorded).
 * active replaces E experts by the `active` routed experts; embeddings count as active.
 */
export function paramCount(arch: Arch): ParamCount {
  const h = arch.hidden;
  const embedding = arch.vocab * h * (arch.tiedEmbeddings ? 1 : 2);
  const linearLayers = arch.linearAttention?.layers ?? 0;
  const attention =
    (arch.layers - linearLayers) * attentionParams(arch) + linearLayers * linearAttentionParams(arch);
  const bias = arch.ffn.bias === true;
  const dense = mlpParams(h, arch.ffn.intermediate, arch.ffn.gated, bias);
  let ffn = arch.layers * dense;
  let ffnActive = ffn;
  const moe = arch.moe;
  if (moe !== undefined) {
    const moeLayers = arch.layers - moe.denseLayers;
    const expert = mlpParams(h, moe.expertIntermediate, arch.ffn.gated, bias);
    const sharedInner = moe.sharedIntermediate ?? moe.expertIntermediate * moe.shared;
    const shared = sharedInner > 0 ? mlpParams(h, sharedInner, arch.ffn.gated, bias) : 0;
    const router = h * moe.experts + (bias ? moe.experts : 0) + (moe.sharedGate === true ? h : 0);
    ffn = moe.denseLayers * dense + moeLayers * (router + moe.experts * expert + shared);
    ffnActive = moe.denseLayers * dense + moeLayers * (router + moe.active * expert + shared);
  }
  const norms = arch.layers * 2 * h + h;
  const vision = (arch.vision?.paramsB.value ?? 0) * 1e9;
  const shared = embedding + attention + norms + vision;
  return {
    total: shared + ffn,
    active: shared + ffnActive,
    embedding,
    inputEmbedding: arch.vocab * h,
    attention,
    ffn,
    norms,
    vision,
  };
}
