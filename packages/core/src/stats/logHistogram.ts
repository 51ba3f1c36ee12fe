/**
 * A streaming quantile sketch with fixed logarithmic bins (DDSketch-style): a value v > 0 falls in bin
 * k = ceil(log_γ v), so each estimate is within a relative error (γ − 1)/(γ + 1) of a value of the data.
 * Counts are integers, so merging is exact, commutative and associative: the merged sketch, and every
 * quantile read from it, is the same bit for bit however the values were split into chunks. Memory is
 * bounded by the value range (the number of bins touched), never by the number of values.
 */
export interface LogHistogram {
  /** Bin growth factor γ > 1. */
  readonly gamma: number;
  /** 1 / ln γ, kept so adding a value costs one logarithm. */
  readonly invLogGamma: number;
  /** |v| below this counts as zero. */
  readonly zeroBelow: number;
  /** Values added (NaN excluded). */
  count: number;
  /** Values in the zero bin. */
  zeros: number;
  /** NaN values seen (never in a quantile). */
  nans: number;
  min: number;
  max: number;
  /** Bin index of `pos[0]` for positive values. */
  posOffset: number;
  pos: number[];
  /** Bin index of `neg[0]` for negative values (binned by |v|). */
  negOffset: number;
  neg: number[];
}

/** An empty histogram with growth factor `gamma` (default 1.01: about ±0.5% relative error). */
export function logHistogram(gamma = 1.01, zeroBelow = 1e-9): LogHistogram {
  if (!(gamma > 1)) throw new RangeError(`logHistogram: gamma must be > 1, got ${gamma}`);
  return {
    gamma,
    invLogGamma: 1 / Math.log(gamma),
    zeroBelow,
    count: 0,
    zeros: 0,
    nans: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    posOffset: 0,
    pos: [],
    negOffset: 0,
    neg: [],
  };
}
