import { z } from "zod";
import { confidenceSchema, partialDateSchema, sourceRefSchema } from "../catalog/fact.js";
import { idSchema } from "../catalog/source.js";

/** Serving and training software stacks the model is calibrated for. */
export const STACKS = ["trtllm", "vllm", "sglang", "pytorch"] as const;
export type Stack = (typeof STACKS)[number];
export const stackSchema = z.enum(STACKS);

/** Precisions a training estimate runs its matmuls in. */
export const TRAINING_PRECISIONS = ["bf16", "fp8", "fp4"] as const;
export type TrainingPrecision = (typeof TRAINING_PRECISIONS)[number];

/**
 * How requests are served: prefill and decode on the same chips (`aggregated`), or on separate prefill
 * and decode pools (`disaggregated`).
 */
export const SERVING_MODES = ["aggregated", "disaggregated"] as const;
export type ServingMode = (typeof SERVING_MODES)[number];

/** Precisions a perf estimate accepts for weights (and, where the chip has the rate, for GEMM inputs). */
export const PERF_PRECISIONS = ["bf16", "fp8", "fp4", "int8", "int4"] as const;
export type PerfPrecision = (typeof PERF_PRECISIONS)[number];
export const perfPrecisionSchema = z.enum(PERF_PRECISIONS);

/** Precisions of the KV cache. */
export const KV_PRECISIONS = ["bf16", "fp8", "int8", "fp4"] as const;
export type KvPrecision = (typeof KV_PRECISIONS)[number];

const fraction = z.number().gt(0).lte(1);
const nonNegative = z.number().nonnegative();

/**
 * Efficiency parameters of one (chip or family, stack): how far the software gets from the datasheet.
 * Times are built from them in {@link prepareInference}; the calibration script fits them.
 */
export const stackParamsSchema = z.strictObject({
  /** Fraction of the dense peak reached by large GEMMs. */
  gemmPeak: fraction,
  /** GEMM rows (tokens) at which efficiency is half of `gemmPeak`: eff(m) = gemmPeak·m/(m + gemmHalfTokens). */
  gemmHalfTokens: z.number().positive().max(100_000),
  /** Achieved fraction of peak memory bandwidth when streaming weights and KV cache. */
  memory: fraction,
  /** Fraction of the 16-bit dense peak reached by attention kernels (flash attention, MLA). */
  attention: fraction,
  /** Multiplier ≥ 1 on routed-expert time: grouped-GEMM inefficiency and load imbalance. */
  moeOverhead: z.number().min(1).max(10),
  /** Achieved fraction of the link bandwidth in collectives. */
  link: fraction,
  /** Latency of one collective step, µs. */
  linkLatencyUs: nonNegative.max(1000),
  /** Fixed time per forward step (scheduler, sampling, launches), ms. */
  stepOverheadMs: nonNegative.max(1000),
  /** Time per layer per step not hidden by CUDA graphs or fusion, µs. */
  layerOverheadUs: nonNegative.max(1000),
  /** α: fraction of each prefill's time that stalls the decoding batch in aggregated serving. */
  prefillStall: z.number().min(0).max(4),
  /** q: share of the (b − 1)/2 prompts of a wave that a new prompt waits behind before its prefill (TTFT). */
  ttftQueue: z.number().min(0).max(50),
  /**
   * k: decode steps of the running batch a new request's first token waits on beyond its prefill — the
   * step in flight when it arrives, the mixed prefill+decode step(s) of chunked prefill, and the
   * scheduler's output lag (overlap scheduling, detokenise, stream). Default 0.5 (the step in flight).
   */
  ttftDecodeSteps: z.number().min(0).max(50).default(0.5),
  /**
   * w: share of the interval between two request completions, (osl − 1)·TPOT / b, that a new request
   * waits before the scheduler admits it (closed-loop clients: a request arrives when another finishes;
   * admission waits on capacity checks and batch boundaries). Default 0.
   */
  ttftAdmit: z.number().min(0).max(10).default(0),
  /** Fixed latency a request pays before its first token beyond the model's work (HTTP, tokenizer, scheduler), ms. */
  requestOverheadMs: nonNegative.max(5000),
  /** Fraction of memory usable for weights, KV cache and activations (the rest is framework reserve). */
  memoryUsable: fraction,
});
export type StackParams = z.output<typeof stackParamsSchema>;

/** A multiplicative range on a metric: the true value lies in [estimate·low, estimate·high]. */
export const ratioBandSchema = z
  .strictObject({ low: z.number().positive().max(1), high: z.number().min(1).max(100) })
  .refine((b) => b.low <= b.high, "band low exceeds high");
export type RatioBand = z.output<typeof ratioBandSchema>;

/** Error statistics of a fit on a set of rows, in percent (absolute) and as the worst ratio. */
export const fitErrorSchema = z.strictObject({
  rows: z.number().int().nonnegative(),
  tpotMedianPct: nonNegative,
  ttftMedianPct: nonNegative,
  throughputMedianPct: nonNegative,
  /** Largest max(pred/meas, meas/pred) over TTFT, TPOT and throughput. */
  worstRatio: z.number().min(1),
});
export type FitError = z.output<typeof fitErrorSchema>;

/** Where a parameter set comes from: fitted on measured rows, derived from others, or assumed. */
export const provenanceSchema = z
  .strictObject({
    kind: z.enum(["fitted", "derived", "assumption"]),
    source: sourceRefSchema.optional(),
    note: z.string().min(1),
    fitted: partialDateSchema.optional(),
    /** The rows fitted on and held out: a description (systems, backends, models, split rule). */
    rows: z.string().min(1).optional(),
    /** Chips whose measured rows the fit saw; other chips of a family inherit it as an extrapolation. */
    chips: z.array(idSchema).optional(),
    train: fitErrorSchema.optional(),
    heldOut: fitErrorSchema.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.kind !== "assumption" && p.source === undefined)
      ctx.addIssue({ code: "custom", path: ["source"], message: `a ${p.kind} parameter set needs a source` });
    if (p.kind === "fitted" && (p.train === undefined || p.heldOut === undefined))
      ctx.addIssue({
        code: "custom",
        path: ["heldOut"],
        message: "a fitted parameter set records its train and held-out error",
      });
  });
export type Provenance = z.output<typeof provenanceSchema>;

/** Parallel layout of a serving configuration (see {@link servingLayout} in stackFor.ts). */
export const servingLayoutSchema = z.enum(["tp", "ep", "dp"]);
export type ServingLayout = z.output<typeof servingLayoutSchema>;

/** Which chips an entry applies to: one chip id, a family, or (neither) every chip. */
const scopeShape = { chip: idSchema.optional(), family: idSchema.optional() };

const bandsSchema = z.strictObject({
  throughput: ratioBandSchema,
  tpot: ratioBandSchema,
  ttft: ratioBandSchema,
});
export type Bands = z.output<typeof bandsSchema>;

/** One entry of `stacks:` in `data/perf/stacks.yaml`. */
export const stackEntrySchema = z
  .strictObject({
    ...scopeShape,
    /**
     * A serving configuration of one model on one chip (`chip` required): the stack's kernels and
     * scheduler settings differ per model, so a fit on that model's rows takes precedence for it.
     */
    model: idSchema.optional(),
    /** With `model`: the configuration serves the model's weights in this precision only. */
    precision: perfPrecisionSchema.optional(),
    /**
     * With `model`: the configuration runs this parallel layout only — `tp` (tensor parallel, experts
     * split by TP), `ep` (experts spread by expert parallelism), `dp` (attention data parallel). Stacks
     * schedule and run them with different kernels (e.g. TensorRT-LLM's attention-DP batching waits).
     */
    layout: servingLayoutSchema.optional(),
    stack: stackSchema,
    calibrated: z.boolean(),
    params: stackParamsSchema,
    band: bandsSchema,
    provenance: provenanceSchema,
  })
  .refine((e) => !(e.chip !== undefined && e.family !== undefined), "give chip or family, not both")
  .refine((e) => e.model === undefined || e.chip !== undefined, {
    message: "a model's entry names its chip",
    path: ["model"],
  })
  .refine((e) => e.precision === undefined || e.model !== undefined, {
    message: "a precision applies to a model's entry only",
    path: ["precision"],
  })
  .refine((e) => e.layout === undefined || e.model !== undefined, {
    message: "a layout applies to a model's entry only",
    path: ["layout"],
  });
export type StackEntry = z.output<typeof stackEntrySchema>;

/** Model-FLOPs utilisation of training, per precision, for dense and MoE models. */
export const trainingEntrySchema = z
  .strictObject({
    ...scopeShape,
    stack: stackSchema,
    precision: z.enum(TRAINING_PRECISIONS),
    calibrated: z.boolean(),
    /** Model FLOPs (6·N + attention) achieved / dense peak of the precision, dense models. */
    mfuDense: fraction,
    /** The same for mixture-of-experts models (active parameters). */
    mfuMoe: fraction,
    band: ratioBandSchema,
    provenance: provenanceSchema,
  })
  .refine((e) => !(e.chip !== undefined && e.family !== undefined), "give chip or family, not both");
export type TrainingEntry = z.output<typeof trainingEntrySchema>;

/** A chip family: chips that share a micro-architecture and inherit each other's calibration. */
export const familySchema = z.strictObject({
  id: idSchema,
  chips: z.array(idSchema).min(1),
  note: z.string().optional(),
});
export type Family = z.output<typeof familySchema>;

/**
 * A number with its provenance, for defaults of the perf model: a source, or an explicit assumption with
 * its reasoning in the note.
 */
export const perfFactSchema = z
  .strictObject({
    value: z.number().finite(),
    source: sourceRefSchema.optional(),
    confidence: confidenceSchema,
    assumption: z.boolean().optional(),
    note: z.string().min(1).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.source === undefined && f.assumption !== true)
      ctx.addIssue({
        code: "custom",
        path: ["source"],
        message: "a default needs a source, or `assumption: true` with a note",
      });
    if ((f.assumption === true || f.confidence === "estimate") && f.note === undefined)
      ctx.addIssue({ code: "custom", path: ["note"], message: "an assumption or estimate needs a note" });
  });
export type PerfFact = z.output<typeof perfFactSchema>;

/** Inputs of the energy and cost model, and the system defaults; each a sourced or labelled number. */
export const economicsSchema = z.strictObject({
  amortisationYears: perfFactSchema,
  utilisation: perfFactSchema,
  electricityUsdPerKwh: perfFactSchema,
  pue: perfFactSchema,
  idlePowerFraction: perfFactSchema,
  powerCapExponent: perfFactSchema,
  capexMultiplier: perfFactSchema,
  scaleUpDomain: perfFactSchema,
  scaleOutGBps: perfFactSchema,
  scaleOutEfficiency: perfFactSchema,
});
export type EconomicsFacts = z.output<typeof economicsSchema>;

/** Plain numbers of {@link EconomicsFacts}: what the estimators take (each may be overridden). */
export interface Economics {
  readonly amortisationYears: number;
  readonly utilisation: number;
  readonly electricityUsdPerKwh: number;
  readonly pue: number;
  readonly idlePowerFraction: number;
  readonly powerCapExponent: number;
  readonly capexMultiplier: number;
  readonly scaleUpDomain: number;
  readonly scaleOutGBps: number;
  /** Achieved share of the scale-out bandwidth in collectives that leave the scale-up domain. */
  readonly scaleOutEfficiency: number;
}

/** Per-chip system facts that the chip record does not carry (scale-up domain of a rack system). */
export const systemSchema = z.strictObject({
  chip: idSchema,
  scaleUpDomain: perfFactSchema.optional(),
  scaleOutGBps: perfFactSchema.optional(),
});
export type SystemEntry = z.output<typeof systemSchema>;

const positiveInt = z.number().int().positive();

const workloadSchema = z.strictObject({
  isl: positiveInt,
  osl: positiveInt,
  /** Concurrency per attention rank; `max` = the largest batch that fits (offline, max-throughput runs). */
  batch: z.union([positiveInt, z.literal("max")]),
});

const parallelSchema = z.strictObject({
  tp: positiveInt.optional(),
  pp: positiveInt.optional(),
  ep: positiveInt.optional(),
  attentionDp: positiveInt.optional(),
});

const measurementBase = {
  id: idSchema,
  source: sourceRefSchema,
  /** Where in the source: a file path, table or figure. */
  where: z.string().min(1),
  confidence: confidenceSchema,
  chip: idSchema,
  chips: positiveInt,
  model: idSchema,
  stack: stackSchema,
  precision: perfPrecisionSchema,
  note: z.string().optional(),
};

/**
 * A published inference measurement: output tokens/s of `chips` chips, and TTFT/TPOT where given. A
 * `disaggregated` one describes a pool of a prefill/decode-disaggregated deployment: `parallel` is the
 * decode instance's layout and `prefillParallel` the prefill instance's; its measured rates are per chip
 * of the pool they were measured on.
 */
export const inferenceMeasurementSchema = z
  .strictObject({
    ...measurementBase,
    kind: z.literal("inference"),
    mode: z.enum(SERVING_MODES).optional(),
    parallel: parallelSchema.optional(),
    prefillParallel: parallelSchema.optional(),
    workload: workloadSchema,
    /** MTP speculative decoding the run used: draft tokens per step and tokens kept per step. */
    speculative: z
      .strictObject({ draftTokens: positiveInt.max(8), acceptedTokens: z.number().min(1) })
      .refine((s) => s.acceptedTokens <= 1 + s.draftTokens, "acceptedTokens cannot exceed 1 + draftTokens")
      .optional(),
    /** The run overlapped collectives with compute (two interleaved micro-batches). */
    overlap: z.boolean().optional(),
    /** Power cap per chip the run used (MLPerf MaxQ), W. */
    powerCapW: z.number().positive().optional(),
    measured: z
      .strictObject({
        outputTokensPerSec: z.number().positive().optional(),
        ttftMs: z.number().positive().optional(),
        tpotMs: z.number().positive().optional(),
        /** Average wall power of the whole system during the run, W. */
        systemWatts: z.number().positive().optional(),
        /** Disaggregated: output tokens/s per chip of the decode pool. */
        decodeOutputTokensPerSecPerChip: z.number().positive().optional(),
        /** Disaggregated: prompt tokens/s per chip of the prefill pool. */
        prefillInputTokensPerSecPerChip: z.number().positive().optional(),
      })
      .refine(
        (m) =>
          (m.outputTokensPerSec ??
            m.ttftMs ??
            m.tpotMs ??
            m.decodeOutputTokensPerSecPerChip ??
            m.prefillInputTokensPerSecPerChip) !== undefined,
        "a measurement needs outputTokensPerSec, ttftMs, tpotMs or a pool's rate per chip",
      ),
  })
  .refine(
    (m) =>
      m.mode === "disaggregated" ||
      (m.prefillParallel === undefined &&
        m.measured.decodeOutputTokensPerSecPerChip === undefined &&
        m.measured.prefillInputTokensPerSecPerChip === undefined),
    "prefillParallel and the per-pool rates belong to disaggregated measurements (mode: disaggregated)",
  )
  .refine(
    (m) =>
      m.mode !== "disaggregated" ||
      (m.workload.batch !== "max" &&
        (m.measured.tpotMs ??
          m.measured.ttftMs ??
          m.measured.decodeOutputTokensPerSecPerChip ??
          m.measured.prefillInputTokensPerSecPerChip) !== undefined),
    "a disaggregated measurement gives its decoding batch (not max) and a TPOT, TTFT or pool rate per chip",
  );
export type InferenceMeasurement = z.output<typeof inferenceMeasurementSchema>;

/** A published training measurement: tokens/s per chip at a sequence length. */
export const trainingMeasurementSchema = z.strictObject({
  ...measurementBase,
  kind: z.literal("training"),
  seqLen: positiveInt,
  /** The run's layout where published (tensor, pipeline, context parallel; virtual pipeline stages). */
  parallel: z
    .strictObject({ tp: positiveInt, pp: positiveInt, cp: positiveInt, vp: positiveInt.optional() })
    .optional(),
  /** Tokens per optimizer step where published (global batch × sequence length). */
  globalBatchTokens: positiveInt.optional(),
  /** Sequences per micro-batch where published. */
  microBatch: positiveInt.optional(),
  measured: z.strictObject({ tokensPerSecPerChip: z.number().positive() }),
});
export type TrainingMeasurement = z.output<typeof trainingMeasurementSchema>;

export const measurementSchema = z.discriminatedUnion("kind", [
  inferenceMeasurementSchema,
  trainingMeasurementSchema,
]);
export type Measurement = z.output<typeof measurementSchema>;

/** Everything under `data/perf/`, validated and merged. */
export interface PerfData {
  readonly families: readonly Family[];
  readonly stacks: readonly StackEntry[];
  readonly training: readonly TrainingEntry[];
  readonly systems: readonly SystemEntry[];
  readonly economics: Economics;
  readonly economicsFacts: EconomicsFacts | null;
  readonly measurements: readonly Measurement[];
}
