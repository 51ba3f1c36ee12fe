import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { bernoulli } from "./bernoulli.js";
import { lognormal } from "./lognormal.js";
import { normal } from "./normal.js";
import { pert } from "./pert.js";
import { rngStream, streamState } from "./stream.js";
import { triangular } from "./triangular.js";

const N = 20000;
function mean(draw: () => number): number {
  let s = 0;
  for (let i = 0; i < N; i++) s += draw();
  return s / N;
}

describe("rngStream(seed, index, stream)", () => {
  test("depends only on (seed, index, stream), not on other streams made before", () => {
    const first = rngStream(42, 7);
    const a = [first.uniform(), first.uniform()];
    for (let i = 0; i < 100; i++) rngStream(42, i).uniform();
    const again = rngStream(42, 7);
    expect([again.uniform(), again.uniform()]).toEqual(a);
  });
  test("neighbouring indices, seeds and sub-streams get different states", () => {
    const s = streamState(1, 0).join();
    expect(streamState(1, 1).join()).not.toBe(s);
    expect(streamState(2, 0).join()).not.toBe(s);
    expect(streamState(1, 0, 1).join()).not.toBe(s);
    expect(streamState(1, 2 ** 32).join()).not.toBe(s);
  });
  test.prop([fc.integer(), fc.nat()])("uniform() stays in [0, 1)", (seed, index) => {
    const r = rngStream(seed, index);
    for (let i = 0; i < 20; i++) {
      const u = r.uniform();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });
  test("uniforms have mean 1/2 (±0.01 at n = 20,000, about 5 standard errors)", () => {
    const r = rngStream(3, 0);
    expect(mean(() => r.uniform())).toBeCloseTo(0.5, 1);
  });
});

describe("distributions", () => {
  test("normal(μ = 10, σ = 2) has mean 10 and sd 2 (±2%)", () => {
    const r = rngStream(1, 0);
    const xs = Array.from({ length: N }, () => normal(r, 10, 2));
    const m = xs.reduce((a, b) => a + b, 0) / N;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (N - 1));
    expect(Math.abs(m - 10)).toBeLessThan(0.06);
    expect(Math.abs(sd - 2)).toBeLessThan(0.04);
  });
  test("lognormal(median 100, σ 0.5) has median 100 and mean 100·e^(σ²/2) = 113.3", () => {
    const r = rngStream(1, 1);
    const xs = Array.from({ length: N }, () => lognormal(r, 100, 0.5)).sort((a, b) => a - b);
    expect(Math.abs((xs[N / 2] ?? 0) - 100)).toBeLessThan(2);
    expect(Math.abs(xs.reduce((a, b) => a + b, 0) / N - 113.31)).toBeLessThan(1.5);
  });
  test("triangular(0, 1, 5) has mean (0 + 1 + 5)/3 = 2 and stays in bounds", () => {
    const r = rngStream(1, 2);
    const xs = Array.from({ length: N }, () => triangular(r, 0, 1, 5));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(5);
    expect(Math.abs(xs.reduce((a, b) => a + b, 0) / N - 2)).toBeLessThan(0.03);
  });
  test("pert(0, 1, 5) has mean (0 + 4·1 + 5)/6 = 1.5", () => {
    const r = rngStream(1, 3);
    expect(Math.abs(mean(() => pert(r, 0, 1, 5)) - 1.5)).toBeLessThan(0.02);
  });
  test("bernoulli(0.3) fires 30% of the time; 0 never, 1 always", () => {
    const r = rngStream(1, 4);
    expect(Math.abs(mean(() => (bernoulli(r, 0.3) ? 1 : 0)) - 0.3)).toBeLessThan(0.015);
    expect(bernoulli(r, 0)).toBe(false);
    expect(bernoulli(r, 1)).toBe(true);
  });
  test("unordered bounds give NaN; equal bounds give the bound", () => {
    const r = rngStream(1, 5);
    expect(triangular(r, 2, 1, 3)).toBeNaN();
    expect(pert(r, 0, 5, 3)).toBeNaN();
    expect(triangular(r, 2, 2, 2)).toBe(2);
    expect(normal(r, 1, -1)).toBeNaN();
  });
});
