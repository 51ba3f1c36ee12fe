import { storeAdd } from "./histogramAdd.js";
import type { LogHistogram } from "./logHistogram.js";

/**
 * Adds the counts of `from` into `into` (same γ and zero threshold, else a RangeError). Exact: integer
 * counts, min and max, so any split of the values into chunks merges to the same histogram.
 */
export function histogramMerge(into: LogHistogram, from: LogHistogram): LogHistogram {
  if (into.gamma !== from.gamma || into.zeroBelow !== from.zeroBelow)
    throw new RangeError("histogramMerge: histograms have different bins");
  into.count += from.count;
  into.zeros += from.zeros;
  into.nans += from.nans;
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max) into.max = from.max;
  from.pos.forEach((n, i) => {
    if (n !== 0) storeAdd(into, "pos", from.posOffset + i, n);
  });
  from.neg.forEach((n, i) => {
    if (n !== 0) storeAdd(into, "neg", from.negOffset + i, n);
  });
  return into;
}
