import { z } from "zod";
import { confidenceSchema } from "../catalog/fact.js";
import { quantile } from "../stats/quantile.js";
import type { CompiledScenario } from "./compile.js";
import { periodQuarters, periodValue } from "./periodValue.js";
import { replicate } from "./replicate.js";

/** One reported figure to compare with the simulation. `period` is a year (`2024`) or a quarter (`2025Q1`). */
export const backtestRowSchema = z.strictObject({
  metric: z.string(),
  period: z.string().regex(/^\d{4}(Q[1-4])?$/),
  reported: z.number(),
  source: z.union([z.string(), z.array(z.string()).min(1)]),
  confidence: confidenceSchema,
  note: z.string().optional(),
  /** Why the model cannot be expected to match (printed when the error exceeds the tolerance). */
  explanation: z.string().optional(),
});
export const backtestFileSchema = z.strictObject({
  /** The scenario replayed, by id: `examples/scenarios/<id>.yaml`. */
  scenario: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  /** Last quarter simulated (the scenario's own end is replaced). */
  end: z.string().regex(/^\d{4}Q[1-4]$/),
  /** Replications (median reported). */
  runs: z.number().int().positive(),
  /** Tolerance on |simulated − reported| / reported. */
  tolerance: z.number().positive(),
  rows: z.array(backtestRowSchema).min(1),
});
export type BacktestRow = z.infer<typeof backtestRowSchema>;
export type BacktestFile = z.infer<typeof backtestFileSchema>;

export interface BacktestResult {
  readonly metric: string;
  readonly period: string;
  readonly reported: number;
  /** Median over replications of the metric over the period (flows summed, stocks at period end). */
  readonly simulated: number;
  readonly p5: number;
  readonly p95: number;
  /** (simulated − reported) / reported. */
  readonly error: number;
  readonly withinTolerance: boolean;
  readonly source: string;
  readonly explanation?: string;
}

/** Runs `runs` replications in-process and compares each row's median with the reported figure. */
export function backtest(
  c: CompiledScenario,
  file: BacktestFile,
  runs: number,
  seed: number,
): BacktestResult[] {
  const rows = file.rows.map((row) => {
    const o = c.outputIndex.get(row.metric);
    if (o === undefined) throw new Error(`backtest: unknown metric ${row.metric}`);
    const qs = periodQuarters(c, row.period);
    if (qs.length === 0) throw new Error(`backtest: period ${row.period} is outside the run`);
    return { row, o, qs, samples: [] as number[] };
  });
  for (let r = 0; r < runs; r++) {
    const rep = replicate(c, seed, r);
    for (const x of rows) x.samples.push(periodValue(c, rep.values, x.o, x.qs));
  }
  return rows.map(({ row, samples }) => {
    const simulated = Number((quantile(samples, 0.5) ?? Number.NaN).toPrecision(4));
    const error = row.reported === 0 ? Number.NaN : (simulated - row.reported) / row.reported;
    return {
      metric: row.metric,
      period: row.period,
      reported: row.reported,
      simulated,
      p5: Number((quantile(samples, 0.05) ?? Number.NaN).toPrecision(4)),
      p95: Number((quantile(samples, 0.95) ?? Number.NaN).toPrecision(4)),
      error: Number(error.toFixed(3)),
      withinTolerance: Math.abs(error) <= file.tolerance,
      source: Array.isArray(row.source) ? row.source.join(", ") : row.source,
      ...(row.explanation === undefined ? {} : { explanation: row.explanation }),
    };
  });
}
