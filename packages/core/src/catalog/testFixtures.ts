// Test-only fixtures shared by the catalog, perf and claims tests (excluded from the build by
// packages/core/tsconfig.json).

/**
 * Llama 3.1 8B's architecture as its config.json gives it (32 layers, hidden 4096, GQA 32/8 heads of 128,
 * SwiGLU 14336, vocabulary 128256, untied embeddings, 131072 context): the shape fields of an `arch`
 * record, to spread into a catalog input record (with its source) or a built model.
 */
export const LLAMA_31_8B_ARCH = {
  layers: 32,
  hidden: 4096,
  vocab: 128256,
  tiedEmbeddings: false,
  maxContext: 131072,
  attention: { kind: "gqa", heads: 32, kvHeads: 8, headDim: 128 },
  ffn: { intermediate: 14336, gated: true },
} as const;
