import { z } from "zod";
import { confidenceSchema, factSchema, partialDateSchema, sourceRefSchema } from "./fact.js";
import { idSchema } from "./source.js";

const count = z.number().int().positive();
const countOrZero = z.number().int().nonnegative();

export const attentionSchema = z
  .strictObject({
    kind: z.enum(["mha", "gqa", "mla"]),
    heads: count,
    kvHeads: count,
    headDim: count.optional(),
    qkvBias: z.boolean().optional(),
    oBias: z.boolean().optional(),
    qkNorm: z.boolean().optional(),
    outputGate: z.boolean().optional(),
    mla: z
      .strictObject({
        qLoraRank: countOrZero,
        kvLoraRank: count,
        qkNopeHeadDim: count,
        qkRopeHeadDim: count,
        vHeadDim: count,
      })
      .optional(),
    indexer: z.strictObject({ heads: count, headDim: count }).optional(),
    slidingWindow: z.strictObject({ window: count, layers: countOrZero }).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.kind === "mla" && a.mla === undefined) {
      ctx.addIssue({ code: "custom", path: ["mla"], message: "attention kind mla needs the mla ranks" });
    }
    if (a.kind !== "mla" && a.headDim === undefined) {
      ctx.addIssue({ code: "custom", path: ["headDim"], message: `attention kind ${a.kind} needs headDim` });
    }
    if (a.kind === "mha" && a.kvHeads !== a.heads) {
      ctx.addIssue({
        code: "custom",
        path: ["kvHeads"],
        message: "mha has kvHeads = heads; use gqa otherwise",
      });
    }
    if (a.heads % a.kvHeads !== 0) {
      ctx.addIssue({ code: "custom", path: ["kvHeads"], message: "heads must be a multiple of kvHeads" });
    }
  });

const archShape = {
  source: sourceRefSchema,
  confidence: confidenceSchema,
  note: z.string().optional(),
  layers: count,
  hidden: count,
  vocab: count,
  tiedEmbeddings: z.boolean(),
  maxContext: count,
  attention: attentionSchema,
  linearAttention: z
    .strictObject({
      layers: count,
      keyHeads: count,
      valueHeads: count,
      keyHeadDim: count,
      valueHeadDim: count,
      convKernel: count,
    })
    .optional(),
  ffn: z.strictObject({ intermediate: count, gated: z.boolean(), bias: z.boolean().optional() }),
  moe: z
    .strictObject({
      experts: count,
      active: count,
      shared: countOrZero,
      expertIntermediate: count,
      sharedIntermediate: countOrZero.optional(),
      denseLayers: countOrZero,
      sharedGate: z.boolean().optional(),
    })
    .optional(),
  mtpLayers: countOrZero.optional(),
  vision: z.strictObject({ paramsB: factSchema }).optional(),
};

export const archSchema = z.strictObject(archShape).superRefine((a, ctx) => {
  if (a.moe !== undefined && a.moe.active > a.moe.experts) {
    ctx.addIssue({ code: "custom", path: ["moe", "active"], message: "active experts exceed experts" });
  }
  if (a.moe !== undefined && a.moe.denseLayers > a.layers) {
    ctx.addIssue({ code: "custom", path: ["moe", "denseLayers"], message: "denseLayers exceeds layers" });
  }
  if (a.linearAttention !== undefined && a.linearAttention.layers > a.layers) {
    ctx.addIssue({
      code: "custom",
      path: ["linearAttention", "layers"],
      message: "more linear layers than layers",
    });
  }
});
export type Arch = z.output<typeof archSchema>;

/** A model as written in `data/models/<family>.yaml`. */
export const modelRecordSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  family: idSchema,
  developer: z.string().min(1),
  country: z.string().regex(/^[A-Z]{2}$/, "country is an ISO 3166-1 alpha-2 code"),
  released: partialDateSchema,
  openWeights: z.boolean(),
  source: sourceRefSchema,
  arch: archSchema,
  params: z.strictObject({
    totalB: factSchema,
    activeB: factSchema.optional(),
    /** How the publisher counts active parameters: which embedding matrices it leaves out. */
    activeExcludes: z.enum(["none", "input-embedding", "embeddings"]).optional(),
    /** The published figures are rounded to this many billions (e.g. 1 for an "A17B" in a name). */
    roundedToB: z.number().positive().optional(),
  }),
  note: z.string().optional(),
});
export type ModelRecord = z.output<typeof modelRecordSchema>;

export const modelsFileSchema = z.strictObject({ models: z.array(modelRecordSchema) });

const { source: _s, confidence: _c, note: _n, vision: _v, ...archNumbers } = archShape;

/** The published shape of a model: architecture numbers, published and computed parameter counts. */
export const modelSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  family: z.string(),
  developer: z.string(),
  country: z.string(),
  released: z.string(),
  openWeights: z.boolean(),
  arch: z.strictObject({ ...archNumbers, visionParamsB: z.number().nullable() }),
  params: z.strictObject({
    totalB: z.number(),
    activeB: z.number(),
    computedTotalB: z.number(),
    computedActiveB: z.number(),
    activeExcludes: z.enum(["none", "input-embedding", "embeddings"]),
    roundedToB: z.number().nullable(),
  }),
  note: z.string().nullable(),
  sources: z.record(z.string(), z.array(z.string())),
  confidence: z.record(z.string(), confidenceSchema),
  notes: z.record(z.string(), z.string()),
});
export type Model = z.output<typeof modelSchema>;
