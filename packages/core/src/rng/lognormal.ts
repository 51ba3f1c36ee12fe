import { normal } from "./normal.js";
import type { Rng } from "./stream.js";

/** A lognormal draw with the given `median` (= e^mu) and log-space standard deviation `sigma`. */
export function lognormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(normal(rng, 0, sigma));
}
