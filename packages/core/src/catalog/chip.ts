import { z } from "zod";
import {
  type Confidence,
  type Fact,
  factSchema,
  partialDateSchema,
  priceFactSchema,
  sourceRefSchema,
} from "./fact.js";
import { idSchema } from "./source.js";

export const PRECISIONS = ["fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "int8", "fp4", "int4"] as const;
export type Precision = (typeof PRECISIONS)[number];

/** Bits per value of each precision: the multiplier of the export-control TPP metric. */
export const PRECISION_BITS: Readonly<Record<Precision, number>> = {
  fp64: 64,
  fp32: 32,
  tf32: 32,
  bf16: 16,
  fp16: 16,
  fp8: 8,
  int8: 8,
  fp4: 4,
  int4: 4,
};

export const chipStatusSchema = z.enum(["shipping", "announced", "roadmap", "cancelled", "reported"]);
export type ChipStatus = z.infer<typeof chipStatusSchema>;

const countrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, "country is an ISO 3166-1 alpha-2 code such as US or CN");

const denseRecordSchema = z.strictObject(
  Object.fromEntries(PRECISIONS.map((p) => [p, factSchema.optional()])) as Record<
    Precision,
    z.ZodOptional<typeof factSchema>
  >,
);

/** A chip as written in `data/chips/<vendor>.yaml`: every number is a sourced fact. */
export const chipRecordSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  vendor: idSchema,
  country: countrySchema,
  datacenter: z.boolean(),
  launched: partialDateSchema,
  status: chipStatusSchema,
  chinaSpecific: z.boolean().optional(),
  source: sourceRefSchema,
  dense: denseRecordSchema.optional(),
  memory: z
    .strictObject({
      type: z.string().min(1).optional(),
      gb: factSchema.optional(),
      tbps: factSchema.optional(),
    })
    .optional(),
  interconnect: z
    .strictObject({ scaleUpGBps: factSchema.optional(), ioGBps: factSchema.optional() })
    .optional(),
  tdpW: factSchema.optional(),
  dies: factSchema.optional(),
  dieMm2: factSchema.optional(),
  tppPublished: factSchema.optional(),
  node: z.string().min(1).optional(),
  foundry: z.string().min(1).optional(),
  priceUsd: priceFactSchema.optional(),
  note: z.string().optional(),
});
export type ChipRecord = z.output<typeof chipRecordSchema>;

export const chipsFileSchema = z.strictObject({ chips: z.array(chipRecordSchema) });

/** A conflicting value kept beside the chosen one. */
export const alternativeSchema = z.strictObject({
  value: z.number(),
  sources: z.array(z.string()),
  confidence: z.enum(["vendor", "reported", "estimate", "low"]),
  note: z.string().optional(),
});

const nullableNumber = z.number().nullable();

/**
 * The published shape of a chip (CLI `--json`, HTTP, library): plain numbers, with provenance in
 * `sources`, `confidence`, `notes` and `alternatives`, each keyed by the field path (`dense.bf16`).
 */
export const chipSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  vendor: z.string(),
  country: z.string(),
  datacenter: z.boolean(),
  chinaSpecific: z.boolean(),
  launched: z.string(),
  status: chipStatusSchema,
  dense: z.strictObject(
    Object.fromEntries(PRECISIONS.map((p) => [p, z.number().optional()])) as Record<
      Precision,
      z.ZodOptional<z.ZodNumber>
    >,
  ),
  memory: z.strictObject({ type: z.string().nullable(), gb: nullableNumber, tbps: nullableNumber }),
  interconnect: z.strictObject({ scaleUpGBps: nullableNumber, ioGBps: nullableNumber }),
  tdpW: nullableNumber,
  dies: nullableNumber,
  dieMm2: nullableNumber,
  tppPublished: nullableNumber,
  node: z.string().nullable(),
  foundry: z.string().nullable(),
  priceUsd: nullableNumber,
  priceYear: z.number().nullable(),
  note: z.string().nullable(),
  sources: z.record(z.string(), z.array(z.string())),
  confidence: z.record(z.string(), z.enum(["vendor", "reported", "estimate", "low"])),
  notes: z.record(z.string(), z.string()),
  alternatives: z.record(z.string(), z.array(alternativeSchema)),
});
export type Chip = z.output<typeof chipSchema>;

/** Collects the provenance of each fact under its dotted field path while flattening the record. */
class Provenance {
  readonly sources: Record<string, string[]> = {};
  readonly confidence: Record<string, Confidence> = {};
  readonly notes: Record<string, string> = {};
  readonly alternatives: Chip["alternatives"] = {};

  take(path: string, fact: Fact | undefined): number | null {
    if (fact === undefined) return null;
    this.sources[path] = fact.source;
    this.confidence[path] = fact.confidence;
    if (fact.note !== undefined) this.notes[path] = fact.note;
    if (fact.alternatives !== undefined) {
      this.alternatives[path] = fact.alternatives.map(({ value, source, confidence, note }) =>
        note === undefined
          ? { value, sources: source, confidence }
          : { value, sources: source, confidence, note },
      );
    }
    return fact.value;
  }
}

/**
 * Flattens a validated chip record into the published {@link Chip}: each fact becomes its value, and its
 * sources, confidence, note and alternatives move to the maps keyed by field path. Unknown fields are
 * `null` (dense precisions the chip lacks are simply absent); `sources["*"]` holds the record-level
 * sources for names, dates and status.
 */
export function chipFromRecord(record: ChipRecord): Chip {
  const p = new Provenance();
  p.sources["*"] = record.source;
  const dense: Chip["dense"] = {};
  for (const precision of PRECISIONS) {
    const value = p.take(`dense.${precision}`, record.dense?.[precision]);
    if (value !== null) dense[precision] = value;
  }
  return {
    id: record.id,
    name: record.name,
    vendor: record.vendor,
    country: record.country,
    datacenter: record.datacenter,
    chinaSpecific: record.chinaSpecific ?? false,
    launched: record.launched,
    status: record.status,
    dense,
    memory: {
      type: record.memory?.type ?? null,
      gb: p.take("memory.gb", record.memory?.gb),
      tbps: p.take("memory.tbps", record.memory?.tbps),
    },
    interconnect: {
      scaleUpGBps: p.take("interconnect.scaleUpGBps", record.interconnect?.scaleUpGBps),
      ioGBps: p.take("interconnect.ioGBps", record.interconnect?.ioGBps),
    },
    tdpW: p.take("tdpW", record.tdpW),
    dies: p.take("dies", record.dies),
    dieMm2: p.take("dieMm2", record.dieMm2),
    tppPublished: p.take("tppPublished", record.tppPublished),
    node: record.node ?? null,
    foundry: record.foundry ?? null,
    priceUsd: p.take("priceUsd", record.priceUsd),
    priceYear: record.priceUsd?.year ?? null,
    note: record.note ?? null,
    sources: p.sources,
    confidence: p.confidence,
    notes: p.notes,
    alternatives: p.alternatives,
  };
}
