import { storeAdd } from "../stats/histogramAdd.js";
import type { SimAggregate } from "./aggregate.js";

/**
 * Packs an aggregate into one Float64Array so a worker can transfer it without copying or cloning
 * thousands of small objects: [runs, histograms, then per histogram count, zeros, nans, min, max,
 * posOffset, posLength, negOffset, negLength, pos bins…, neg bins…, then the binding counts].
 * Counts are integers below 2^53, so the packing is exact.
 */
export function packAggregate(agg: SimAggregate): Float64Array {
  let n = 2 + agg.binding.length;
  for (const h of agg.hist) n += 9 + h.pos.length + h.neg.length;
  const out = new Float64Array(n);
  let k = 0;
  out[k++] = agg.runs;
  out[k++] = agg.hist.length;
  for (const h of agg.hist) {
    out[k++] = h.count;
    out[k++] = h.zeros;
    out[k++] = h.nans;
    out[k++] = h.min;
    out[k++] = h.max;
    out[k++] = h.posOffset;
    out[k++] = h.pos.length;
    out[k++] = h.negOffset;
    out[k++] = h.neg.length;
    for (const c of h.pos) out[k++] = c;
    for (const c of h.neg) out[k++] = c;
  }
  for (const c of agg.binding) out[k++] = c;
  return out;
}

/**
 * Merges a packed aggregate (packAggregate) into `into`: the same result as aggregateMerge with the
 * unpacked aggregate, exactly. A RangeError when the layouts differ.
 */
export function mergePackedAggregate(into: SimAggregate, packed: Float64Array): SimAggregate {
  let k = 0;
  const at = () => packed[k++] ?? Number.NaN;
  const runs = at();
  if (at() !== into.hist.length) throw new RangeError("mergePackedAggregate: different layouts");
  into.runs += runs;
  for (const h of into.hist) {
    h.count += at();
    h.zeros += at();
    h.nans += at();
    const min = at();
    const max = at();
    if (min < h.min) h.min = min;
    if (max > h.max) h.max = max;
    const posOffset = at();
    const posLength = at();
    const negOffset = at();
    const negLength = at();
    for (let i = 0; i < posLength; i++) {
      const c = at();
      if (c !== 0) storeAdd(h, "pos", posOffset + i, c);
    }
    for (let i = 0; i < negLength; i++) {
      const c = at();
      if (c !== 0) storeAdd(h, "neg", negOffset + i, c);
    }
  }
  for (let b = 0; b < into.binding.length; b++) into.binding[b] = (into.binding[b] ?? 0) + at();
  if (k !== packed.length) throw new RangeError("mergePackedAggregate: different layouts");
  return into;
}
