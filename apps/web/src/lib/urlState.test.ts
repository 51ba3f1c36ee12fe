import { describe, expect, test } from "vitest";
import { clampParam, numberParam } from "./urlState.js";

describe("clampParam(value, lo, hi, fallback)", () => {
  test("holds a URL number within [lo, hi] and falls back when it is absent or not a number", () => {
    expect(clampParam(numberParam({ seq: "4096" }, "seq"), 128, 1_048_576, 8192)).toBe(4096);
    expect(clampParam(numberParam({ seq: "4" }, "seq"), 128, 1_048_576, 8192)).toBe(128);
    expect(clampParam(numberParam({ seq: "9e9" }, "seq"), 128, 1_048_576, 8192)).toBe(1_048_576);
    expect(clampParam(numberParam({ seq: "abc" }, "seq"), 128, 1_048_576, 8192)).toBe(8192);
    expect(clampParam(numberParam({}, "seq"), 128, 1_048_576, 8192)).toBe(8192);
    // not rounded: the tokens field takes fractions of a trillion
    expect(clampParam(0.5, 0.001, 1000, 1)).toBe(0.5);
  });
});
