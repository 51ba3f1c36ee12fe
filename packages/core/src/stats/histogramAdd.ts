import type { LogHistogram } from "./logHistogram.js";

/** Adds `n` counts at bin `k` of a dense store, growing it (and shifting its offset) as needed. */
export function storeAdd(h: LogHistogram, side: "pos" | "neg", k: number, n: number): void {
  const bins = side === "pos" ? h.pos : h.neg;
  const offset = side === "pos" ? h.posOffset : h.negOffset;
  const setOffset = (o: number) => {
    if (side === "pos") h.posOffset = o;
    else h.negOffset = o;
  };
  if (bins.length === 0) {
    setOffset(k);
    bins.push(n);
    return;
  }
  if (k < offset) {
    bins.unshift(...new Array<number>(offset - k).fill(0));
    setOffset(k);
    bins[0] = n;
    return;
  }
  const i = k - offset;
  while (bins.length <= i) bins.push(0);
  bins[i] = (bins[i] ?? 0) + n;
}

/** Adds one value to a histogram: NaN is counted apart and never changes a quantile. */
export function histogramAdd(h: LogHistogram, value: number): void {
  if (Number.isNaN(value)) {
    h.nans++;
    return;
  }
  h.count++;
  if (value < h.min) h.min = value;
  if (value > h.max) h.max = value;
  const a = Math.abs(value);
  if (a < h.zeroBelow) {
    h.zeros++;
    return;
  }
  const k = Math.ceil(Math.log(a) * h.invLogGamma);
  // Fast path: most values land in a bin that already exists.
  if (value > 0) {
    const i = k - h.posOffset;
    if (i >= 0 && i < h.pos.length) {
      h.pos[i] = (h.pos[i] ?? 0) + 1;
      return;
    }
    storeAdd(h, "pos", k, 1);
  } else storeAdd(h, "neg", k, 1);
}
