import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

/** A source of uniform floats in [0, 1); every distribution in this folder draws from one. */
export interface Rng {
  /** The next uniform float in [0, 1) (53 random bits; never the weak low bits of xoroshiro128+). */
  uniform(): number;
}

/** One round of a 32-bit finaliser (murmur3 fmix32), the mixing step of SplitMix32. */
export function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

const GOLDEN = 0x9e3779b9 | 0;

/**
 * The 128-bit xoroshiro128+ state of stream (`seed`, `index`, `stream`): four SplitMix32 outputs over
 * the mixed triple. O(1) per stream, unlike repeated `jump()`, and independent of scheduling, so
 * replication `index` draws the same numbers on any worker.
 */
export function streamState(seed: number, index: number, stream = 0): [number, number, number, number] {
  const hi = Math.floor(index / 0x100000000);
  let x = mix32(mix32(mix32(seed ^ GOLDEN) ^ index) ^ mix32(hi + Math.imul(stream + 1, GOLDEN)));
  const state: [number, number, number, number] = [0, 0, 0, 0];
  for (let j = 0; j < 4; j++) {
    x = (x + GOLDEN) | 0;
    state[j] = mix32(x);
  }
  if (state[0] === 0 && state[1] === 0 && state[2] === 0 && state[3] === 0) state[0] = 1;
  return state;
}

/** The RNG stream of replication `index` under `seed` (and an optional sub-stream number). */
export function rngStream(seed: number, index: number, stream = 0): Rng {
  const generator: RandomGenerator = xoroshiro128plusFromState(streamState(seed, index, stream));
  return { uniform: () => uniformFloat64(generator) };
}
