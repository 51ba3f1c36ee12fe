import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { histogramAdd } from "./histogramAdd.js";
import { histogramMerge } from "./histogramMerge.js";
import { histogramQuantile } from "./histogramQuantile.js";
import { logHistogram } from "./logHistogram.js";
import { quantile } from "./quantile.js";
import { quantileSorted } from "./quantileSorted.js";

describe("quantile", () => {
  test("quantileSorted(array, p) uses the R-7 method: [1, 2, 3, 4] at 0.25 → 1 + 0.75·1 = 1.75", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([], 0.5)).toBeUndefined();
  });
  test("quantile(values, p) ignores NaN and does not sort the input in place", () => {
    const xs = [3, Number.NaN, 1, 2];
    expect(quantile(xs, 0.5)).toBe(2);
    expect(xs[0]).toBe(3);
    expect(quantile([Number.NaN], 0.5)).toBeUndefined();
  });
});

const values = fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 200 });

describe("logHistogram", () => {
  test.prop([values, fc.double({ min: 0, max: 1, noNaN: true })])(
    "histogramQuantile is within γ-relative error (±1%) of the order statistic of rank round((n − 1)p)",
    (xs, p) => {
      const h = logHistogram();
      for (const x of xs) histogramAdd(h, x);
      const sorted = [...xs].sort((a, b) => a - b);
      const exact = sorted[Math.round((xs.length - 1) * p)] ?? 0;
      const est = histogramQuantile(h, p) ?? Number.NaN;
      const tol = Math.abs(exact) < 1e-9 ? 1e-9 : Math.abs(exact) * 0.0101;
      expect(Math.abs(est - exact)).toBeLessThanOrEqual(tol);
    },
  );
  test.prop([values, fc.nat()])(
    "merging any split of the values gives the same histogram bit for bit",
    (xs, cut) => {
      const whole = logHistogram();
      for (const x of xs) histogramAdd(whole, x);
      const k = cut % (xs.length + 1);
      const a = logHistogram();
      const b = logHistogram();
      for (const x of xs.slice(0, k)) histogramAdd(a, x);
      for (const x of xs.slice(k)) histogramAdd(b, x);
      const merged = histogramMerge(b, a);
      for (const p of [0.05, 0.25, 0.5, 0.75, 0.95])
        expect(histogramQuantile(merged, p)).toBe(histogramQuantile(whole, p));
      expect(merged.count).toBe(whole.count);
    },
  );
  test("NaN is counted apart; an empty histogram has no quantile; merge refuses other bins", () => {
    const h = logHistogram();
    expect(histogramQuantile(h, 0.5)).toBeUndefined();
    histogramAdd(h, Number.NaN);
    histogramAdd(h, 5);
    expect(h.nans).toBe(1);
    expect(histogramQuantile(h, 0.5)).toBe(5);
    expect(() => histogramMerge(h, logHistogram(1.02))).toThrow(RangeError);
  });
});
