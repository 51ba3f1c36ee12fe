import type { LogHistogram } from "./logHistogram.js";

/**
 * The p-quantile estimated from a histogram: the value of rank round((n − 1)p) (the R-7 position, rounded
 * to an order statistic), reported as its bin's representative 2γ^k/(γ + 1), clamped to the exact
 * [min, max]. Undefined when empty or p is NaN; p is clamped to [0, 1].
 */
export function histogramQuantile(h: LogHistogram, p: number): number | undefined {
  if (h.count === 0 || Number.isNaN(p)) return undefined;
  const q = Math.min(1, Math.max(0, p));
  if (q === 0) return h.min;
  if (q === 1) return h.max;
  const rank = Math.round((h.count - 1) * q);
  const clamp = (v: number) => Math.min(h.max, Math.max(h.min, v));
  const rep = (k: number) => (2 * h.gamma ** k) / (h.gamma + 1);
  let seen = 0;
  for (let i = h.neg.length - 1; i >= 0; i--) {
    seen += h.neg[i] ?? 0;
    if (seen > rank) return clamp(-rep(h.negOffset + i));
  }
  seen += h.zeros;
  if (seen > rank) return clamp(0);
  for (let i = 0; i < h.pos.length; i++) {
    seen += h.pos[i] ?? 0;
    if (seen > rank) return clamp(rep(h.posOffset + i));
  }
  return h.max;
}
