import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { formatNumber, formatSet } from "./format.js";

describe("formatNumber(x) groups thousands and keeps at most two decimals", () => {
  it.each([
    [2368, "2,368"],
    [2368 / 814, "2.91"],
    [5284.8, "5,284.8"],
    [5.92, "5.92"],
    [15832, "15,832"],
    [1234567.456, "1,234,567.46"],
    [0.001, "0"],
    [-4800, "-4,800"],
  ])("formatNumber(%d) = %s", (x, expected) => {
    expect(formatNumber(x)).toBe(expected);
  });

  test.prop([fc.double({ min: 0, max: 1e9, noNaN: true })])(
    "agrees with Intl en-US (maximumFractionDigits 2) away from exact half-cent ties",
    (x) => {
      const cents = Math.abs(x) * 100;
      if (Math.abs(cents - Math.floor(cents) - 0.5) < 1e-6) return;
      const intl = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }).format(x);
      expect(formatNumber(x)).toBe(intl === "-0" ? "0" : intl);
    },
  );
});

describe("formatSet(values, limit)", () => {
  it("elides after the limit", () => {
    expect(formatSet(["a", "b", "c"], 2)).toBe("{a, b, …}");
    expect(formatSet(["CN"])).toBe("{CN}");
  });
});
