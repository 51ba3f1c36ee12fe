import { histogramAdd } from "../stats/histogramAdd.js";
import { histogramMerge } from "../stats/histogramMerge.js";
import { histogramQuantile } from "../stats/histogramQuantile.js";
import { type LogHistogram, logHistogram } from "../stats/logHistogram.js";
import { BINDING_LINKS, type BindingLink, type CompiledScenario } from "./compile.js";
import type { Replication } from "./replicate.js";

/**
 * Streaming aggregate of replications: one log histogram per output per quarter and the count of each
 * binding link per quarter. Memory is flat in the number of replications; merging is exact, so any
 * chunking of replications gives the same aggregate.
 */
export interface SimAggregate {
  readonly outputs: number;
  readonly quarters: number;
  runs: number;
  /** `hist[o * quarters + q]`. */
  readonly hist: LogHistogram[];
  /** `binding[q * BINDING_LINKS.length + link]`. */
  readonly binding: number[];
}

export function createAggregate(c: CompiledScenario): SimAggregate {
  const n = c.outputs.length * c.quarters.length;
  return {
    outputs: c.outputs.length,
    quarters: c.quarters.length,
    runs: 0,
    hist: Array.from({ length: n }, () => logHistogram()),
    binding: new Array<number>(c.quarters.length * BINDING_LINKS.length).fill(0),
  };
}

export function aggregateAdd(agg: SimAggregate, r: Replication): void {
  agg.runs++;
  const n = agg.hist.length;
  for (let k = 0; k < n; k++) {
    const h = agg.hist[k];
    if (h !== undefined) histogramAdd(h, r.values[k] ?? Number.NaN);
  }
  for (let q = 0; q < agg.quarters; q++) {
    const k = q * BINDING_LINKS.length + (r.binding[q] ?? 0);
    agg.binding[k] = (agg.binding[k] ?? 0) + 1;
  }
}

export function aggregateMerge(into: SimAggregate, from: SimAggregate): SimAggregate {
  if (into.hist.length !== from.hist.length) throw new RangeError("aggregateMerge: different layouts");
  into.runs += from.runs;
  into.hist.forEach((h, k) => {
    const g = from.hist[k];
    if (g !== undefined) histogramMerge(h, g);
  });
  from.binding.forEach((n, k) => {
    into.binding[k] = (into.binding[k] ?? 0) + n;
  });
  return into;
}

export const SUMMARY_PROBS = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

export interface OutputSummary {
  readonly name: string;
  readonly unit: string;
  readonly kind: "flow" | "stock";
  readonly p5: readonly number[];
  readonly p25: readonly number[];
  readonly p50: readonly number[];
  readonly p75: readonly number[];
  readonly p95: readonly number[];
}

export interface SimSummary {
  readonly scenario: string;
  readonly runs: number;
  readonly seed: number;
  readonly quarters: readonly string[];
  readonly outputs: readonly OutputSummary[];
  /** Share of replications in which each domestic link binds, per quarter. */
  readonly binding: Readonly<Record<BindingLink, readonly number[]>>;
  /** The most frequent binding link per quarter. */
  readonly bindingMode: readonly BindingLink[];
}

/** Quantiles P5/P25/P50/P75/P95 per output per quarter (≈ ±0.5% relative, from the histograms). */
export function summarize(c: CompiledScenario, agg: SimAggregate, seed: number): SimSummary {
  const nQ = c.quarters.length;
  const round = (v: number | undefined) => (v === undefined ? Number.NaN : Number(v.toPrecision(6)));
  const outputs = c.outputs.map((o, i) => {
    const qs = SUMMARY_PROBS.map((p) =>
      Array.from({ length: nQ }, (_, q) => {
        const h = agg.hist[i * nQ + q];
        return round(h === undefined ? undefined : histogramQuantile(h, p));
      }),
    );
    return {
      name: o.name,
      unit: o.unit,
      kind: o.kind,
      p5: qs[0] ?? [],
      p25: qs[1] ?? [],
      p50: qs[2] ?? [],
      p75: qs[3] ?? [],
      p95: qs[4] ?? [],
    };
  });
  const L = BINDING_LINKS.length;
  const binding = Object.fromEntries(
    BINDING_LINKS.map((link, l) => [
      link,
      Array.from({ length: nQ }, (_, q) => (agg.runs > 0 ? (agg.binding[q * L + l] ?? 0) / agg.runs : 0)),
    ]),
  ) as Record<BindingLink, number[]>;
  const bindingMode = Array.from({ length: nQ }, (_, q) => {
    let best = 0;
    for (let l = 1; l < L; l++)
      if ((agg.binding[q * L + l] ?? 0) > (agg.binding[q * L + best] ?? 0)) best = l;
    return BINDING_LINKS[best] ?? "none";
  });
  return {
    scenario: c.scenario.id,
    runs: agg.runs,
    seed,
    quarters: c.quarters,
    outputs,
    binding,
    bindingMode,
  };
}
