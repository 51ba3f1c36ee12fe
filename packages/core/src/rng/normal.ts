import type { Rng } from "./stream.js";

/**
 * A normal draw with mean `mu` and standard deviation `sigma` (Box–Muller, two uniforms per draw, no
 * cached spare, so the number of uniforms consumed is always 2). `sigma` 0 returns `mu`; a negative or
 * NaN `sigma` returns NaN.
 */
export function normal(rng: Rng, mu = 0, sigma = 1): number {
  const u1 = rng.uniform();
  const u2 = rng.uniform();
  if (!(sigma >= 0)) return Number.NaN;
  const r = Math.sqrt(-2 * Math.log(1 - u1));
  return mu + sigma * r * Math.cos(2 * Math.PI * u2);
}
