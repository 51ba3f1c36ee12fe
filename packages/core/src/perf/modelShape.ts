import type { Arch, Model } from "../catalog/model.js";
import { attentionParams, linearAttentionParams } from "../catalog/paramCount.js";

/**
 * Top-k of DeepSeek sparse attention (the lightning indexer picks 2,048 context tokens per query):
 * `index_topk: 2048` in the config.json of DeepSeek-V3.2 and GLM-5 (via ai-dynamo/aiconfigurator@095f58a).
 */
export const SPARSE_ATTENTION_TOPK = 2048;

/** Bytes per element of linear-attention (Gated DeltaNet) recurrent state, kept in fp32 by the kernels. */
export const LINEAR_STATE_BYTES = 4;

/** The numbers of a model the perf model needs, computed once from its architecture. */
export interface ModelShape {
  readonly layers: number;
  readonly hidden: number;
  readonly vocab: number;
  /** Layers with softmax attention (full context or windowed). */
  readonly softmaxLayers: number;
  /** Of those, layers limited to a sliding window of `window` tokens. */
  readonly windowLayers: number;
  readonly window: number;
  /** Linear-attention layers: constant-size state per sequence. */
  readonly linearLayers: number;
  readonly heads: number;
  /** How many ways the KV cache of a layer splits under tensor parallelism (KV heads; 1 for MLA). */
  readonly kvSplit: number;
  readonly softmaxAttentionParams: number;
  readonly linearAttentionParams: number;
  /** Layers with the dense FFN, and its weights per layer. */
  readonly denseLayers: number;
  readonly denseFfnParams: number;
  readonly moeLayers: number;
  readonly experts: number;
  readonly activeExperts: number;
  /** Weights of one routed expert. */
  readonly expertParams: number;
  /** Shared-expert weights per MoE layer. */
  readonly sharedParams: number;
  readonly routerParams: number;
  /** Stored embedding weights (input table, plus the output head when untied). */
  readonly embeddingParams: number;
  /** The output projection, a matmul every token goes through (tied or not). */
  readonly lmHeadParams: number;
  readonly totalParams: number;
  /** Matmul weights one token touches (all but the input lookup): 2× this is its linear FLOPs. */
  readonly activeMatmulParams: number;
  /** KV-cache elements per token per softmax layer (K and V; MLA latent + rope key; indexer key). */
  readonly kvElemsPerToken: number;
  /** Linear-attention state elements per sequence per linear layer (recurrent state + conv window). */
  readonly linearStateElems: number;
  /** Attention FLOPs per query token per context token per softmax layer, decode (MLA absorbed). */
  readonly attnDecodeFlopsPerCtx: number;
  /** The same for prefill (MLA expanded to heads). */
  readonly attnPrefillFlopsPerCtx: number;
  /** Of `kvElemsPerToken`, the indexer key (read over the whole context, stored in 8 bits), else 0. */
  readonly indexerElemsPerToken: number;
  /** Indexer FLOPs per query token per context token per layer (DeepSeek sparse attention), else 0. */
  readonly indexerFlopsPerCtx: number;
  /** Context tokens attended per query in full-attention layers: {@link SPARSE_ATTENTION_TOPK} or ∞. */
  readonly attendCap: number;
  /** Linear-attention FLOPs per token per linear layer. */
  readonly linearFlopsPerToken: number;
  /** Widest FFN intermediate a token goes through (dense FFN, or active experts + shared). */
  readonly ffnInner: number;
  /** Parameters of the attention blocks, for the training attention-FLOPs term: heads·headDim. */
  readonly attentionWidth: number;
}

function mlp(hidden: number, inner: number, gated: boolean): number {
  return (gated ? 3 : 2) * hidden * inner;
}

/**
 * Derives the {@link ModelShape} of a catalog model. Weights per component follow `paramCount`
 * (attention and linear-attention blocks exactly; FFN and experts as 2 or 3 matrices of hidden × inner).
 * KV elements per token per layer: GQA/MHA 2·kvHeads·headDim; MLA kvLoraRank + qkRopeHeadDim (+ the
 * indexer key). Attention FLOPs per query per context token: GQA 4·heads·headDim; MLA decode (absorbed)
 * 2·heads·(2·kvLoraRank + rope); MLA prefill 2·heads·(nope + rope + vHeadDim).
 */
export function modelShape(model: Model): ModelShape {
  const a = model.arch;
  const att = a.attention;
  const arch: Arch = { ...a, source: [], confidence: "vendor" };
  const h = a.hidden;
  const linearLayers = a.linearAttention?.layers ?? 0;
  const softmaxLayers = a.layers - linearLayers;
  const windowLayers = Math.min(att.slidingWindow?.layers ?? 0, softmaxLayers);
  const window = att.slidingWindow?.window ?? Number.POSITIVE_INFINITY;
  const headDim = att.headDim ?? h / att.heads;
  const mla = att.kind === "mla" ? att.mla : undefined;
  const indexerElems = att.indexer?.headDim ?? 0;
  const kvElemsPerToken =
    mla !== undefined ? mla.kvLoraRank + mla.qkRopeHeadDim + indexerElems : 2 * att.kvHeads * headDim;
  const attnDecodeFlopsPerCtx =
    mla !== undefined ? 2 * att.heads * (2 * mla.kvLoraRank + mla.qkRopeHeadDim) : 4 * att.heads * headDim;
  const attnPrefillFlopsPerCtx =
    mla !== undefined
      ? 2 * att.heads * (mla.qkNopeHeadDim + mla.qkRopeHeadDim + mla.vHeadDim)
      : 4 * att.heads * headDim;
  const indexerFlopsPerCtx = att.indexer === undefined ? 0 : 2 * att.indexer.heads * att.indexer.headDim;
  const lin = a.linearAttention;
  const linearStateElems =
    lin === undefined
      ? 0
      : lin.valueHeads * lin.keyHeadDim * lin.valueHeadDim +
        (2 * lin.keyHeads * lin.keyHeadDim + lin.valueHeads * lin.valueHeadDim) * (lin.convKernel - 1);
  const linearFlopsPerToken = lin === undefined ? 0 : 6 * lin.valueHeads * lin.keyHeadDim * lin.valueHeadDim;

  const moe = a.moe;
  const denseLayers = moe === undefined ? a.layers : moe.denseLayers;
  const moeLayers = a.layers - denseLayers;
  const denseFfnParams = mlp(h, a.ffn.intermediate, a.ffn.gated);
  const expertParams = moe === undefined ? 0 : mlp(h, moe.expertIntermediate, a.ffn.gated);
  const sharedInner = moe === undefined ? 0 : (moe.sharedIntermediate ?? moe.expertIntermediate * moe.shared);
  const sharedParams = sharedInner > 0 ? mlp(h, sharedInner, a.ffn.gated) : 0;
  const routerParams = moe === undefined ? 0 : h * moe.experts;
  const experts = moe?.experts ?? 0;
  const activeExperts = moe?.active ?? 0;

  const softmaxAttentionParams = attentionParams(arch);
  const linearAttentionParamsPerLayer = linearAttentionParams(arch);
  const lmHeadParams = a.vocab * h;
  const embeddingParams = a.vocab * h * (a.tiedEmbeddings ? 1 : 2);
  const attentionTotal =
    softmaxLayers * softmaxAttentionParams + linearLayers * linearAttentionParamsPerLayer;
  const ffnShared = denseLayers * denseFfnParams + moeLayers * (sharedParams + routerParams);
  const totalParams =
    embeddingParams +
    attentionTotal +
    ffnShared +
    moeLayers * experts * expertParams +
    (2 * a.layers + 1) * h;
  const activeMatmulParams =
    attentionTotal + ffnShared + moeLayers * activeExperts * expertParams + lmHeadParams;
  return {
    layers: a.layers,
    hidden: h,
    vocab: a.vocab,
    softmaxLayers,
    windowLayers,
    window,
    linearLayers,
    heads: att.heads,
    kvSplit: mla !== undefined ? 1 : att.kvHeads,
    softmaxAttentionParams,
    linearAttentionParams: linearAttentionParamsPerLayer,
    denseLayers,
    denseFfnParams,
    moeLayers,
    experts,
    activeExperts,
    expertParams,
    sharedParams,
    routerParams,
    embeddingParams,
    lmHeadParams,
    totalParams,
    activeMatmulParams,
    kvElemsPerToken,
    linearStateElems,
    attnDecodeFlopsPerCtx,
    attnPrefillFlopsPerCtx,
    indexerElemsPerToken: indexerElems,
    indexerFlopsPerCtx,
    attendCap: att.indexer === undefined ? Number.POSITIVE_INFINITY : SPARSE_ATTENTION_TOPK,
    linearFlopsPerToken,
    ffnInner: Math.max(
      denseLayers > 0 ? a.ffn.intermediate : 0,
      moe === undefined ? 0 : moe.active * moe.expertIntermediate + sharedInner,
    ),
    attentionWidth: att.heads * (mla !== undefined ? mla.qkNopeHeadDim + mla.qkRopeHeadDim : headDim),
  };
}
