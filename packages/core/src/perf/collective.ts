/**
 * Time of a ring all-reduce of `bytes` over `n` ranks, seconds:
 *   t = 2·(n−1)/n · bytes / bandwidth + 2·(n−1) · latency
 * (a reduce-scatter and an all-gather, each n−1 steps). `bytesPerSec` is the achieved per-direction
 * bandwidth of one rank. Zero for n ≤ 1.
 */
export function ringAllReduceSec(bytes: number, n: number, bytesPerSec: number, latencySec: number): number {
  if (n <= 1) return 0;
  return (2 * (n - 1) * bytes) / (n * bytesPerSec) + 2 * (n - 1) * latencySec;
}

/**
 * Time of an all-to-all where each of `n` ranks holds `bytes` to spread evenly over the others, seconds:
 *   t = (n−1)/n · bytes / bandwidth + latency
 * (the (n−1)/n of the data that leaves the rank, sent concurrently; one latency). Zero for n ≤ 1.
 */
export function allToAllSec(bytes: number, n: number, bytesPerSec: number, latencySec: number): number {
  if (n <= 1) return 0;
  return ((n - 1) * bytes) / (n * bytesPerSec) + latencySec;
}
