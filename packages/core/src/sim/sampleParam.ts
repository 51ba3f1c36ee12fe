import { lognormal } from "../rng/lognormal.js";
import { normal } from "../rng/normal.js";
import { pert } from "../rng/pert.js";
import type { Rng } from "../rng/stream.js";
import { triangular } from "../rng/triangular.js";
import type { Param } from "./scenario.js";

/** One draw of a parameter. A fixed `value` consumes no randomness; each distribution a fixed number of uniforms (PERT: a variable number). */
export function sampleParam(rng: Rng, p: Param): number {
  if ("value" in p) return p.value;
  switch (p.dist) {
    case "normal":
      return normal(rng, p.mean, p.sd);
    case "lognormal":
      return lognormal(rng, p.median, p.sigma);
    case "triangular":
      return triangular(rng, p.min, p.mode, p.max);
    case "pert":
      return pert(rng, p.min, p.mode, p.max, p.lambda ?? 4);
  }
}

/** The central value of a parameter (value, mean, median or mode): what a "point" run uses. */
export function centralParam(p: Param): number {
  if ("value" in p) return p.value;
  switch (p.dist) {
    case "normal":
      return p.mean;
    case "lognormal":
      return p.median;
    case "triangular":
    case "pert":
      return p.mode;
  }
}
