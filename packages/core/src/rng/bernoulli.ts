import type { Rng } from "./stream.js";

/** True with probability `p` (one uniform is always consumed; p ≤ 0 is never, p ≥ 1 always, NaN never). */
export function bernoulli(rng: Rng, p: number): boolean {
  return rng.uniform() < p;
}
