import { z } from "zod";
import { QUARTER_RE } from "./quarter.js";

const quarter = z.string().regex(QUARTER_RE, "a quarter like 2026Q1");
const id = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "lowercase kebab-case id");

/** Where a default comes from: source ids from `data/sources.yaml`, or an explicit assumption with its reason. */
const provenance = {
  source: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
  assumption: z.string().min(3).optional(),
  note: z.string().optional(),
};

/** An uncertain number, sampled once per replication. Every parameter cites a source or states an assumption. */
export const paramSchema = z
  .union([
    z.strictObject({ value: z.number(), ...provenance }),
    z.strictObject({
      dist: z.literal("normal"),
      mean: z.number(),
      sd: z.number().nonnegative(),
      ...provenance,
    }),
    z.strictObject({
      dist: z.literal("lognormal"),
      median: z.number().positive(),
      sigma: z.number().nonnegative(),
      ...provenance,
    }),
    z.strictObject({
      dist: z.literal("triangular"),
      min: z.number(),
      mode: z.number(),
      max: z.number(),
      ...provenance,
    }),
    z.strictObject({
      dist: z.literal("pert"),
      min: z.number(),
      mode: z.number(),
      max: z.number(),
      lambda: z.number().nonnegative().optional(),
      ...provenance,
    }),
  ])
  .refine((p) => p.source !== undefined || p.assumption !== undefined, {
    message: "cite a `source` or state an `assumption` with its reason",
  })
  .refine((p) => !("min" in p) || (p.min <= p.mode && p.mode <= p.max), {
    message: "needs min ≤ mode ≤ max",
  });
export type Param = z.infer<typeof paramSchema>;

/** A time path: points linearly interpolated by quarter, constant before the first and after the last. */
export const pathSchema = z
  .array(z.strictObject({ at: quarter, value: paramSchema }))
  .min(1)
  .refine((pts) => pts.every((p, i) => i === 0 || p.at > (pts[i - 1]?.at ?? "")), {
    message: "points must be in increasing quarter order, each quarter once",
  });
export type Path = z.infer<typeof pathSchema>;

export const ORIGINS = ["foreign", "grey", "domestic"] as const;
export const originSchema = z.enum(ORIGINS);
export type Origin = z.infer<typeof originSchema>;

const chainSchema = z.strictObject({
  /** mm² of one logic die: dies per 300 mm wafer = π·150²/A − π·300/√(2A). */
  dieMm2: paramSchema,
  diesPerPackage: z.number().int().positive(),
  hbmStacksPerPackage: paramSchema,
  /** Share of SMIC advanced-node wafer starts given to this line. */
  waferShare: pathSchema,
  /** Yield learning: y(t) = max − (max − start)·(1 − rate)^(t − from). */
  yield: z.strictObject({ from: quarter, start: paramSchema, max: paramSchema, rate: paramSchema }),
  /** Dies per quarter this line may draw from the TSMC-made die bank (optional). */
  dieBankDraw: pathSchema.optional(),
  /** Advanced-packaging capacity, packages per quarter (optional: unlimited). */
  packaging: pathSchema.optional(),
});

export const productSchema = z.strictObject({
  id,
  name: z.string(),
  vendor: id,
  origin: originSchema,
  /** Dense BF16 TFLOPS: installed compute is reported as BF16 PFLOPS and H100e = BF16 / h100Bf16. */
  bf16: paramSchema,
  /** Memory bandwidth TB/s, used in the effective-compute value of a chip for serving. */
  memTBps: paramSchema,
  priceUsd: paramSchema,
  /** Software/ecosystem efficiency multiplier on effective compute (1 = CUDA-class). */
  software: paramSchema,
  lifeQuarters: z.number().int().positive(),
  /** Foreign and grey products: units per quarter offered to China before any policy cap. */
  supply: pathSchema.optional(),
  /** Domestic products: the production chain. */
  chain: chainSchema.optional(),
});
export type Product = z.infer<typeof productSchema>;

export const US_STATES = ["allowed", "capped", "blocked"] as const;
export const CHINA_STANCES = ["allowed", "discouraged", "conditional", "blocked"] as const;

/** What a policy event changes. Omitted fields are left as they were. */
export const effectSchema = z.strictObject({
  products: z.array(id).optional(),
  us: z
    .strictObject({
      state: z.enum(US_STATES).optional(),
      /** Units per quarter when `capped`. */
      capUnits: z.number().nonnegative().optional(),
      /** Share of the vendor's revenue paid to the US government (e.g. 0.15 for H20 in Aug 2025). */
      revenueShare: z.number().min(0).max(1).optional(),
      /** Tariff on the price, passed on to the buyer (e.g. 0.25 Section 232 on H200). */
      tariff: z.number().min(0).optional(),
    })
    .optional(),
  china: z
    .strictObject({
      stance: z.enum(CHINA_STANCES).optional(),
      /** Cost multiplier buyers apply to a discouraged chip (≥ 1). */
      discouragedPenalty: z.number().min(1).optional(),
      /** Domestic units (in H100e) a buyer must add per H100e of a conditional chip. */
      domesticRatio: z.number().nonnegative().optional(),
    })
    .optional(),
  /** A domestic-purchase mandate: these firms spend at least this share of their budget on domestic chips. */
  mandate: z
    .strictObject({ firms: z.array(id).min(1), domesticMinShare: z.number().min(0).max(1) })
    .optional(),
  /** Share of grey-market units seized (customs enforcement). */
  greySeizure: z.number().min(0).max(1).optional(),
  /** Foreign HBM to China: the `foreignAdds` path is multiplied by this (0 = cut off). */
  foreignHbm: z.number().min(0).optional(),
});
export type Effect = z.infer<typeof effectSchema>;

export const timelineEntrySchema = z.strictObject({
  id,
  at: quarter,
  ...effectSchema.shape,
  ...provenance,
});

/** A possible future event: from `from` on, it fires in a quarter with probability `hazard` (once). */
export const eventSchema = z.strictObject({
  id,
  from: quarter,
  hazard: paramSchema,
  ...effectSchema.shape,
  ...provenance,
});

export const firmSchema = z.strictObject({
  id,
  name: z.string(),
  /** USD per quarter spent on AI accelerators. */
  capexUsd: pathSchema,
  /** Baseline share of the budget that must go to domestic chips (own silicon, policy, supply security). */
  domesticMinShare: pathSchema.optional(),
});

/**
 * Serving capacity outputs: for each model, tokens/s of the installed chips bought since `start`, at a
 * per-chip rate that the caller computes with the perf model (see compileScenario's `servingRates`).
 */
export const servingSchema = z.strictObject({
  /** Catalog model ids (data/models). */
  models: z.array(id).min(1),
  /** Scenario product id → catalog chip id whose perf-model estimate stands for it. */
  chips: z.record(id, id),
  /** Workload of the estimate (the perf CLI's flags). */
  workload: z.strictObject({
    precision: z.enum(["bf16", "fp8", "fp4", "int8", "int4"]),
    batch: z.number().int().positive(),
    isl: z.number().int().positive(),
    osl: z.number().int().positive(),
    tp: z.number().int().positive(),
  }),
});
export type Serving = z.infer<typeof servingSchema>;

export const scenarioSchema = z.strictObject({
  id,
  name: z.string(),
  description: z.string(),
  asOf: quarter,
  start: quarter,
  end: quarter,
  reference: z.strictObject({
    /** H100 SXM dense BF16 TFLOPS: the H100-equivalent unit. */
    h100Bf16: paramSchema,
    h100MemTBps: paramSchema,
    /** Weight of compute (vs memory bandwidth) in a chip's effective value for buyers. */
    computeWeight: paramSchema,
    /** USD per H100e used to express an unspent budget as unmet demand. */
    usdPerH100e: paramSchema,
  }),
  products: z.array(productSchema).min(1),
  fab: z.strictObject({ advancedWpm: pathSchema }),
  /** One pool of HBM stacks in China: the stock at `start` plus foreign and domestic additions per quarter. */
  hbm: z.strictObject({
    stockpileStart: paramSchema,
    foreignAdds: pathSchema,
    domesticAdds: pathSchema,
  }),
  dieBank: z.strictObject({ start: paramSchema }),
  initialFleetH100e: z.strictObject({ foreign: paramSchema, grey: paramSchema, domestic: paramSchema }),
  initialFleetLifeQuarters: z.number().int().positive(),
  greySeizure: paramSchema,
  /** Vendor revenue in China outside the modelled data-centre chips (e.g. gaming), USD per quarter. */
  otherVendorRevenueUsd: z.record(id, pathSchema).optional(),
  firms: z.array(firmSchema).min(1),
  serving: servingSchema.optional(),
  policy: z.strictObject({
    timeline: z.array(timelineEntrySchema),
    events: z.array(eventSchema),
  }),
});
export type Scenario = z.infer<typeof scenarioSchema>;
