import { z } from "zod";

/** Period labels: a year (`2026`) or a quarter (`2026Q1`). */
export const periodSchema = z
  .union([z.int(), z.string()])
  .transform((v) => String(v))
  .pipe(z.string().regex(/^\d{4}(Q[1-4])?$/, "a period is a year such as 2026 or a quarter such as 2026Q1"));

const chipId = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "a chip id is lowercase kebab-case, e.g. h200-sxm");
const positive = z.number().positive();
const nonNegative = z.number().nonnegative();
const countryCode = z.string().regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 code such as CN or US");

/** A number for every period, or one per named period (`{ 2026: 1.5e9, 2027: 2e9 }`). */
const perPeriod = <T extends z.ZodType>(value: T) => z.union([value, z.record(periodSchema, value)]);

export const serveDemandSchema = z.strictObject({
  model: z.string(),
  precision: z.enum(["bf16", "fp16", "fp8", "fp4", "int8", "int4"]).default("fp8"),
  isl: z.int().positive().default(2048),
  osl: z.int().positive().default(512),
  outputTokensPerSec: positive,
  tpotMsMax: positive.optional(),
});

export const trainDemandSchema = z.strictObject({
  model: z.string(),
  precision: z.enum(["bf16", "fp16", "fp8"]).default("bf16"),
  tokens: positive,
  withinDays: positive,
});

export const demandSchema = z.union([
  z.strictObject({ id: z.string().optional(), period: periodSchema, serve: serveDemandSchema }),
  z.strictObject({ id: z.string().optional(), period: periodSchema, train: trainDemandSchema }),
]);

/** A licence decision for a foreign chip: granted or not, with its price terms and volume cap. */
export const licenceSchema = z.union([
  z.boolean(),
  z.strictObject({
    granted: z.boolean().default(true),
    /** Multiplier on the chip's price: a 25% revenue share or tariff is 1.25. */
    priceMultiplier: z.number().min(1).default(1),
    /** Units that may be bought in each period (or per named period). */
    maxUnits: perPeriod(z.int().nonnegative()).optional(),
  }),
]);

/** Per-chip figures that the catalog lacks or the buyer negotiated. */
export const chipOverrideSchema = z.strictObject({
  priceUsd: positive.optional(),
  tdpW: positive.optional(),
});

export const planSchema = z
  .strictObject({
    buyer: z.strictObject({ name: z.string(), country: countryCode, hq: countryCode.optional() }),
    horizon: z.strictObject({
      start: z.int().min(2000).max(2100),
      years: z.int().min(1).max(10).optional(),
      quarters: z.int().min(1).max(40).optional(),
    }),
    demand: z.array(demandSchema).min(1),
    candidates: z.array(chipId).min(1).optional(),
    budget: z.strictObject({ capexUsd: perPeriod(positive) }).optional(),
    powerMW: perPeriod(positive).optional(),
    mandates: z
      .strictObject({
        domesticShareMin: z.number().min(0).max(1),
        basis: z.enum(["units", "spend", "compute"]).default("units"),
      })
      .optional(),
    supply: z.record(chipId, z.strictObject({ maxUnits: perPeriod(z.int().nonnegative()) })).default({}),
    existingFleet: z.record(chipId, z.int().nonnegative()).default({}),
    licences: z.record(chipId, licenceSchema).default({}),
    chips: z.record(chipId, chipOverrideSchema).default({}),
    objective: z.enum(["min-cost", "max-capacity", "min-foreign-dependence"]).default("min-cost"),
    energy: z
      .strictObject({
        usdPerKWh: nonNegative.default(0.08),
        pue: z.number().min(1).max(3).default(1.3),
      })
      .default({ usdPerKWh: 0.08, pue: 1.3 }),
    solver: z
      .strictObject({
        timeLimitSec: positive.default(10),
        mipGap: z.number().min(0).max(1).default(1e-6),
      })
      .default({ timeLimitSec: 10, mipGap: 1e-6 }),
  })
  .superRefine((plan, ctx) => {
    const { years, quarters } = plan.horizon;
    if ((years === undefined) === (quarters === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["horizon"],
        message: "give exactly one of horizon.years and horizon.quarters",
      });
      return;
    }
    const periods = new Set(planPeriods(plan));
    const checkPeriod = (period: string, path: PropertyKey[]) => {
      if (!periods.has(period))
        ctx.addIssue({
          code: "custom",
          path,
          message: `period ${period} is outside the horizon (${[...periods].join(", ")})`,
        });
    };
    for (const [i, d] of plan.demand.entries()) checkPeriod(d.period, ["demand", i, "period"]);
    const checkMap = (value: unknown, path: PropertyKey[]) => {
      if (value !== null && typeof value === "object")
        for (const key of Object.keys(value)) checkPeriod(key, [...path, key]);
    };
    checkMap(plan.budget?.capexUsd, ["budget", "capexUsd"]);
    checkMap(plan.powerMW, ["powerMW"]);
    for (const [chip, s] of Object.entries(plan.supply)) checkMap(s.maxUnits, ["supply", chip, "maxUnits"]);
    for (const [chip, l] of Object.entries(plan.licences))
      if (typeof l === "object") checkMap(l.maxUnits, ["licences", chip, "maxUnits"]);
    const ids = plan.demand.map((d, i) => demandId(d, i));
    for (const [i, id] of ids.entries())
      if (ids.indexOf(id) !== i)
        ctx.addIssue({ code: "custom", path: ["demand", i, "id"], message: `duplicate demand id '${id}'` });
    if (plan.objective === "max-capacity" && plan.budget === undefined && plan.powerMW === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["objective"],
        message: "max-capacity needs a budget or powerMW to bound it",
      });
  });

export type PlanFile = z.input<typeof planSchema>;
export type Plan = z.output<typeof planSchema>;
export type Demand = Plan["demand"][number];
export type Licence = z.output<typeof licenceSchema>;

/** The periods of the horizon in order: years `2026…` or quarters `2026Q1…`. */
export function planPeriods(plan: {
  horizon: { start: number; years?: number | undefined; quarters?: number | undefined };
}): string[] {
  const { start, years, quarters } = plan.horizon;
  if (quarters !== undefined)
    return Array.from({ length: quarters }, (_, i) => `${start + Math.floor(i / 4)}Q${(i % 4) + 1}`);
  return Array.from({ length: years ?? 1 }, (_, i) => String(start + i));
}

/** Hours in one period (a year is 8,760 h; a quarter 2,190 h). */
export function periodHours(period: string): number {
  return period.includes("Q") ? 2190 : 8760;
}

/** A demand's id: its own, else `<period>-<serve|train>-<model>` (with `#i` when that repeats). */
export function demandId(demand: Demand, index: number): string {
  if (demand.id !== undefined) return demand.id;
  const kind = "serve" in demand ? "serve" : "train";
  const model = "serve" in demand ? demand.serve.model : demand.train.model;
  return `${demand.period}-${kind}-${model}#${index}`;
}

/** A value given for every period or per named period, read for one period (undefined: none). */
export function atPeriod(
  value: number | Readonly<Record<string, number>> | undefined,
  period: string,
): number | undefined {
  if (typeof value === "object") return value[period];
  return value;
}

/** One field-level problem of a plan file: `demand[0].serve.outputTokensPerSec: …`. */
export interface PlanIssue {
  readonly path: string;
  readonly message: string;
}

function renderPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(plan)" : out;
}

/** Validates a parsed plan file; on failure every problem is named by its field path. */
export function parsePlan(
  data: unknown,
): { plan: Plan; issues: [] } | { plan: undefined; issues: PlanIssue[] } {
  const result = planSchema.safeParse(data);
  if (result.success) return { plan: result.data, issues: [] };
  return {
    plan: undefined,
    issues: result.error.issues.map((i) => ({ path: renderPath(i.path), message: i.message })),
  };
}
