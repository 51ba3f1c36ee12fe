import type { Rng } from "./stream.js";

/**
 * A triangular draw on [min, max] with mode `mode` (inverse CDF, one uniform). NaN when the bounds are
 * not ordered min ≤ mode ≤ max; `min` when min = max.
 */
export function triangular(rng: Rng, min: number, mode: number, max: number): number {
  const u = rng.uniform();
  if (!(min <= mode && mode <= max)) return Number.NaN;
  if (min === max) return min;
  const f = (mode - min) / (max - min);
  return u < f
    ? min + Math.sqrt(u * (max - min) * (mode - min))
    : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
}
