/**
 * The p-quantile of an ascending array by the R-7 method (linear interpolation between order statistics
 * at h = (n − 1)p, as in R's default, Excel's PERCENTILE.INC and d3.quantileSorted). Undefined for an
 * empty array or a NaN p; p is clamped to [0, 1].
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number | undefined {
  const n = sorted.length;
  if (n === 0 || Number.isNaN(p)) return undefined;
  if (p <= 0 || n < 2) return sorted[0];
  if (p >= 1) return sorted[n - 1];
  const h = (n - 1) * p;
  const i = Math.floor(h);
  const lo = sorted[i] ?? Number.NaN;
  const hi = sorted[i + 1] ?? lo;
  return lo + (hi - lo) * (h - i);
}
