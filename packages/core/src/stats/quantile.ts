import { quantileSorted } from "./quantileSorted.js";

/**
 * The p-quantile of `values` by the R-7 method. NaN (and non-number) values are ignored, like
 * d3.quantile; undefined when no value remains or p is NaN. The input is not modified.
 */
export function quantile(values: Iterable<number>, p: number): number | undefined {
  const kept: number[] = [];
  for (const v of values) if (typeof v === "number" && !Number.isNaN(v)) kept.push(v);
  kept.sort((a, b) => a - b);
  return quantileSorted(kept, p);
}
