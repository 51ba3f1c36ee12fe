import {
  estimateInference,
  estimateTraining,
  KV_PRECISIONS,
  PERF_PRECISIONS,
  type PerfData,
  PerfError,
  SERVING_MODES,
  STACKS,
  TRAINING_PRECISIONS,
} from "@dualtrack/core";
import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../errors.js";
import type { JsonCache } from "../jsonCache.js";
import type { App, ServerContext } from "../serverContext.js";
import { asJson, defined, errorResponses, findById, json, jsonBody, rawJson } from "./shared.js";

const count = (max: number) => z.number().int().min(1).max(max);

/**
 * The body of `POST /api/perf`: the flags of `dualtrack perf` as JSON fields (`--attention-dp` →
 * `attentionDp`; the economics flags under the names `estimateInference` reports them by:
 * `--electricity` → `electricityUsdPerKwh`, `--years` → `amortisationYears`).
 */
export const perfRequestSchema = z
  .strictObject({
    model: z.string().min(1).max(200).openapi({ example: "llama-3.1-70b" }),
    chip: z.string().min(1).max(200).openapi({ example: "h100-sxm" }),
    precision: z.enum(PERF_PRECISIONS).optional(),
    kvPrecision: z.enum(KV_PRECISIONS).optional(),
    stack: z.enum(STACKS).optional(),
    batch: count(65_536).optional(),
    isl: count(10_000_000).optional(),
    osl: count(10_000_000).optional(),
    tp: count(1024).optional(),
    pp: count(1024).optional(),
    ep: count(1024).optional(),
    attentionDp: count(1024).optional(),
    replicas: count(10_000_000).optional(),
    /** `--mode`: aggregated (default) or disaggregated prefill/decode pools. */
    mode: z.enum(SERVING_MODES).optional(),
    /** `--prefill-tp` … `--prefill-attention-dp`: the prefill instance's layout (disaggregated only). */
    prefill: z
      .strictObject({
        tp: count(1024).optional(),
        pp: count(1024).optional(),
        ep: count(1024).optional(),
        attentionDp: count(1024).optional(),
      })
      .optional(),
    /** `--draft-tokens` and `--accepted-tokens`: MTP speculative decoding. */
    speculative: z
      .strictObject({ draftTokens: count(8), acceptedTokens: z.number().min(1).max(9) })
      .refine((x) => x.acceptedTokens <= 1 + x.draftTokens, {
        path: ["acceptedTokens"],
        message: "at most 1 + draftTokens (the regular token and every draft kept)",
      })
      .optional(),
    /** `--overlap`: collectives overlapped with compute by two micro-batches. */
    overlap: z.boolean().optional(),
    powerCapW: z.number().positive().max(100_000).optional(),
    electricityUsdPerKwh: z.number().positive().max(10).optional(),
    pue: z.number().min(1).max(5).optional(),
    utilisation: z.number().gt(0).lte(1).optional(),
    amortisationYears: z.number().positive().max(30).optional(),
  })
  .refine((b) => b.prefill === undefined || b.mode === "disaggregated", {
    path: ["prefill"],
    message: "a prefill layout needs mode: disaggregated",
  })
  .openapi("PerfRequest");

/** The body of `POST /api/train`: the flags of `dualtrack train`. */
export const trainRequestSchema = z
  .strictObject({
    model: z.string().min(1).max(200).openapi({ example: "llama-3.1-405b" }),
    chip: z.string().min(1).max(200).openapi({ example: "h100-sxm" }),
    chips: count(10_000_000).openapi({ example: 16384 }),
    tokens: z.number().positive().max(1e18).openapi({ example: 15.6e12 }),
    precision: z.enum(TRAINING_PRECISIONS).optional(),
    stack: z.enum(STACKS).optional(),
    seqLen: count(10_000_000).optional(),
    tp: count(1024).optional(),
    pp: count(1024).optional(),
    cp: count(1024).optional(),
    vp: count(1024).optional(),
    zero: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
    recompute: z.enum(["none", "selective", "full"]).optional(),
    microBatch: count(65_536).optional(),
    globalBatchTokens: z.number().int().positive().max(1e12).optional(),
  })
  .openapi("TrainRequest");

const estimateSchema = z.record(z.string(), z.unknown());

const perfRoute = createRoute({
  method: "post",
  path: "/api/perf",
  tags: ["performance"],
  summary: "Inference estimate: TTFT, TPOT, throughput, memory, bound, energy, cost, band",
  request: { body: jsonBody(perfRequestSchema) },
  responses: {
    200: json(estimateSchema.openapi("InferenceEstimate"), "The estimate, explained"),
    ...errorResponses(400, 404, 413, 503),
  },
});

const trainRoute = createRoute({
  method: "post",
  path: "/api/train",
  tags: ["performance"],
  summary: "Training estimate: time, tokens/s, MFU, memory per chip",
  request: { body: jsonBody(trainRequestSchema) },
  responses: {
    200: json(estimateSchema.openapi("TrainingEstimate"), "The estimate, explained"),
    ...errorResponses(400, 404, 413, 503),
  },
});

function requirePerf(ctx: ServerContext): PerfData {
  if (ctx.domain.perf === undefined)
    throw new ApiError(503, "unavailable", "the performance model's data (data/perf/) is missing or invalid");
  return ctx.domain.perf;
}

/** Runs an estimate; an estimate the model cannot make from these inputs is the client's 400. */
function estimate<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof PerfError) throw new ApiError(400, "invalid_request", error.message);
    throw error;
  }
}

/** A validated `POST /api/perf` body. */
export type PerfRequest = z.infer<typeof perfRequestSchema>;

/**
 * The answer to a validated `POST /api/perf` body as JSON text: `estimateInference` on the named model
 * and chip, through `cache` (the estimate is a pure function of the body, keys in schema order, and the
 * data). Throws `ApiError` 404 for an unknown id, 400 for an estimate the model cannot make, 503 when
 * the perf data is missing.
 */
export function perfAnswer(ctx: ServerContext, cache: JsonCache, b: PerfRequest): string {
  const perf = requirePerf(ctx);
  const { chips, models } = ctx.domain.catalog;
  const model = findById("model", models, b.model);
  const chip = findById("chip", chips, b.chip);
  const options = defined({
    precision: b.precision,
    kvPrecision: b.kvPrecision,
    stack: b.stack,
    tp: b.tp,
    pp: b.pp,
    ep: b.ep,
    attentionDp: b.attentionDp,
    replicas: b.replicas,
    powerCapW: b.powerCapW,
    speculative: b.speculative,
    overlap: b.overlap,
    economics: defined({
      electricityUsdPerKwh: b.electricityUsdPerKwh,
      pue: b.pue,
      utilisation: b.utilisation,
      amortisationYears: b.amortisationYears,
    }),
  });
  const workload = defined({ batch: b.batch, isl: b.isl, osl: b.osl, mode: b.mode, prefill: b.prefill });
  return cache.get(`perf ${JSON.stringify(b)}`, () =>
    estimate(() => estimateInference(model, chip, perf, options, workload)),
  );
}

/**
 * `POST /api/perf` and `POST /api/train`: the performance model (`estimateInference`,
 * `estimateTraining`). `perfCache` is shared with the server's Node fast lane for `/api/perf`.
 */
export function perfRoutes(app: App, ctx: ServerContext, perfCache: JsonCache): void {
  const { chips, models } = ctx.domain.catalog;
  app.openapi(perfRoute, (c) => rawJson(perfAnswer(ctx, perfCache, c.req.valid("json"))));
  app.openapi(trainRoute, (c) => {
    const b = c.req.valid("json");
    const perf = requirePerf(ctx);
    const model = findById("model", models, b.model);
    const chip = findById("chip", chips, b.chip);
    const options = defined({
      precision: b.precision,
      stack: b.stack,
      seqLen: b.seqLen,
      tp: b.tp,
      pp: b.pp,
      cp: b.cp,
      vp: b.vp,
      zero: b.zero,
      recompute: b.recompute,
      microBatch: b.microBatch,
      globalBatchTokens: b.globalBatchTokens,
    });
    return c.json(
      asJson(estimate(() => estimateTraining(model, chip, perf, b.chips, b.tokens, options))),
      200,
    );
  });
}
