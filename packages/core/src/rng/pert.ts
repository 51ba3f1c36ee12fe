import { gamma } from "./gamma.js";
import type { Rng } from "./stream.js";

/**
 * A (modified) PERT draw on [min, max] with mode `mode` and shape `lambda` (4 = classic PERT): a Beta(α, β)
 * with α = 1 + λ(mode − min)/(max − min), β = 1 + λ(max − mode)/(max − min), scaled to the bounds.
 * NaN when the bounds are not ordered; `min` when min = max.
 */
export function pert(rng: Rng, min: number, mode: number, max: number, lambda = 4): number {
  if (!(min <= mode && mode <= max) || !(lambda >= 0)) return Number.NaN;
  if (min === max) return min;
  const alpha = 1 + (lambda * (mode - min)) / (max - min);
  const beta = 1 + (lambda * (max - mode)) / (max - min);
  const x = gamma(rng, alpha);
  const y = gamma(rng, beta);
  return min + (max - min) * (x / (x + y));
}
