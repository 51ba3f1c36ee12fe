import { type Chip, PRECISION_BITS, PRECISIONS, type Precision } from "../catalog/chip.js";

/**
 * Relative gap between the computed and the published TPP below which the two are said to agree
 * (rounding in datasheets: the RTX 4090 computes to 5,284.8 against a published 5,285).
 */
export const TPP_AGREEMENT = 0.005;

/** The Total Processing Performance of a chip and where it came from. */
export interface TppResult {
  /** The TPP used for the verdict: the computed one when the chip has dense rates, else the published one. */
  readonly value: number;
  readonly basis: "computed" | "published";
  /** The precision whose dense rate × bit length is the maximum (null when the value is the published one). */
  readonly precision: Precision | null;
  /** Other precisions reaching exactly the same TPP (H20: tf32 74 × 32 = fp8 296 × 8). */
  readonly tiedWith: readonly Precision[];
  /** Dense TFLOPS/TOPS of that precision. */
  readonly rateTops: number | null;
  readonly bits: number | null;
  readonly computed: number | null;
  readonly published: number | null;
  /** True when both exist and differ by more than {@link TPP_AGREEMENT}. */
  readonly disagrees: boolean;
}

/**
 * Total Processing Performance (3A090 Technical Note 1): 2 × MacTOPS × bit length, i.e. the dense
 * datasheet TOPS/TFLOPS × bit length, taking the maximum over every precision the chip supports (FP4
 * counts: it sets Blackwell Ultra's TPP). The catalog's dense rates are per package, so they already
 * sum over the dies. On a tie the shorter precision (later in {@link PRECISIONS}) is reported. Falls back to the chip's
 * published TPP when it has no dense rate; null when it has neither.
 */
export function tpp(chip: Pick<Chip, "dense" | "tppPublished">): TppResult | null {
  let best: { value: number; precision: Precision; rate: number } | null = null;
  const ties: Precision[] = [];
  for (const precision of PRECISIONS) {
    const rate = chip.dense[precision];
    if (rate === undefined) continue;
    const value = rate * PRECISION_BITS[precision];
    if (best !== null && value === best.value) ties.push(best.precision);
    else if (best === null || value > best.value) ties.length = 0;
    // `>=`: on a tie the later, shorter precision (fp8 rather than tf32) is the one reported.
    if (best === null || value >= best.value) best = { value, precision, rate };
  }
  const published = chip.tppPublished;
  if (best === null) {
    if (published === null) return null;
    return {
      value: published,
      basis: "published",
      precision: null,
      tiedWith: [],
      rateTops: null,
      bits: null,
      computed: null,
      published,
      disagrees: false,
    };
  }
  const disagrees = published !== null && Math.abs(best.value - published) > TPP_AGREEMENT * published;
  return {
    value: best.value,
    basis: "computed",
    precision: best.precision,
    tiedWith: ties,
    rateTops: best.rate,
    bits: PRECISION_BITS[best.precision],
    computed: best.value,
    published,
    disagrees,
  };
}

/**
 * Performance density (3A090 Technical Note 4): TPP ÷ applicable die area in mm², the area of all
 * non-planar logic dies (the catalog's `dieMm2`, HBM excluded). Null when the area or the TPP is unknown.
 */
export function performanceDensity(tppValue: number | null, dieMm2: number | null): number | null {
  if (tppValue === null || dieMm2 === null || dieMm2 <= 0) return null;
  return tppValue / dieMm2;
}

/**
 * HBM memory bandwidth density (3A090.c, Dec 2024): package or stack bandwidth in GB/s ÷ package or
 * stack area in mm². It applies to HBM sold as such; HBM co-packaged with a logic die is excluded, so an
 * accelerator's own bandwidth never feeds it.
 */
export function memoryBandwidthDensity(bandwidthGBps: number, areaMm2: number): number | null {
  return areaMm2 > 0 ? bandwidthGBps / areaMm2 : null;
}

/**
 * A metric value as the rules see it: an exact number, a bound (the true value is at least / at most
 * `value`), or unknown / not applicable with why.
 */
export type MetricFact =
  | { readonly kind: "value"; readonly value: number; readonly bound: "exact" | "at-least" | "at-most" }
  | { readonly kind: "unknown"; readonly reason: string }
  | { readonly kind: "not-applicable"; readonly reason: string };

const value = (v: number): MetricFact => ({ kind: "value", value: v, bound: "exact" });
const unknown = (reason: string): MetricFact => ({ kind: "unknown", reason });

/**
 * The 2022 interconnect metric (87 FR 62186, 3A090.a): aggregate bidirectional transfer rate over all
 * inputs and outputs to chips other than memory, in GB/s — the catalog's `interconnect.ioGBps`. When only
 * the scale-up link is known it bounds the aggregate from below (PCIe and the rest come on top).
 */
export function aggregateIo(chip: Pick<Chip, "interconnect">): MetricFact {
  const { ioGBps, scaleUpGBps } = chip.interconnect;
  if (ioGBps !== null) return value(ioGBps);
  if (scaleUpGBps !== null) return { kind: "value", value: scaleUpGBps, bound: "at-least" };
  return unknown("aggregate I/O unknown");
}

/** Every number the rules compare, for one chip. */
export interface ChipMetrics {
  readonly tpp: TppResult | null;
  /** TPP ÷ applicable die area. */
  readonly pd: number | null;
  /** Aggregate off-chip I/O for the 2022 rule, GB/s. */
  readonly ioGBps: MetricFact;
  /** Total DRAM (HBM/GDDR) bandwidth, GB/s (= memory.tbps × 1000): the 2025–2026 memory tests. */
  readonly memoryGBps: number | null;
  /** Scale-up link bandwidth (NVLink, Infinity Fabric…), GB/s. */
  readonly scaleUpGBps: number | null;
}

/** Computes {@link ChipMetrics}: TPP, PD, 2022 I/O, DRAM and scale-up bandwidth. */
export function chipMetrics(chip: Chip): ChipMetrics {
  const t = tpp(chip);
  return {
    tpp: t,
    pd: performanceDensity(t?.value ?? null, chip.dieMm2),
    ioGBps: aggregateIo(chip),
    memoryGBps: chip.memory.tbps === null ? null : chip.memory.tbps * 1000,
    scaleUpGBps: chip.interconnect.scaleUpGBps,
  };
}

/** The metrics a rule predicate can name. */
export const METRICS = ["tpp", "pd", "ioGBps", "memoryGBps", "scaleUpGBps", "hbmDensity"] as const;
export type Metric = (typeof METRICS)[number];

/** How a metric reads in an explanation, and its unit. */
export const METRIC_LABELS: Readonly<Record<Metric, { readonly label: string; readonly unit: string }>> = {
  tpp: { label: "TPP", unit: "" },
  pd: { label: "PD", unit: "" },
  ioGBps: { label: "aggregate I/O", unit: " GB/s" },
  memoryGBps: { label: "DRAM bandwidth", unit: " GB/s" },
  scaleUpGBps: { label: "scale-up bandwidth", unit: " GB/s" },
  hbmDensity: { label: "HBM bandwidth density", unit: " GB/s/mm²" },
};

/**
 * The scale-up link bandwidth; when only the aggregate I/O is known it bounds the link from above (a
 * PCIe-only card with 64 GB/s of I/O has no 900 GB/s link).
 */
function scaleUp(metrics: ChipMetrics): MetricFact {
  if (metrics.scaleUpGBps !== null) return value(metrics.scaleUpGBps);
  const io = metrics.ioGBps;
  if (io.kind === "value" && io.bound === "exact")
    return { kind: "value", value: io.value, bound: "at-most" };
  return unknown("scale-up bandwidth unknown");
}

/** Reads one metric of a chip as a {@link MetricFact}, saying why when it is unknown. */
export function metricFact(metrics: ChipMetrics, metric: Metric): MetricFact {
  switch (metric) {
    case "tpp":
      return metrics.tpp === null
        ? unknown("no dense throughput and no published TPP")
        : value(metrics.tpp.value);
    case "pd":
      return metrics.pd !== null
        ? value(metrics.pd)
        : unknown(metrics.tpp === null ? "TPP unknown" : "die area unknown");
    case "ioGBps":
      return metrics.ioGBps;
    case "memoryGBps":
      return metrics.memoryGBps === null ? unknown("memory bandwidth unknown") : value(metrics.memoryGBps);
    case "scaleUpGBps":
      return scaleUp(metrics);
    case "hbmDensity":
      // A catalog chip is a packaged accelerator: its HBM is co-packaged with logic, which 3A090.c excludes.
      return {
        kind: "not-applicable",
        reason: "co-packaged HBM is excluded from 3A090.c; the logic IC's own tests decide",
      };
  }
}
