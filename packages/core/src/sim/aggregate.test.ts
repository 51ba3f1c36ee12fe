import { describe, expect, test } from "vitest";
import { aggregateAdd, aggregateMerge, createAggregate, summarize } from "./aggregate.js";
import { mergePackedAggregate, packAggregate } from "./aggregatePacking.js";
import { compileScenario } from "./compile.js";
import { replicate } from "./replicate.js";
import { tinyScenario } from "./tinyScenario.js";

function scenario() {
  const s = tinyScenario();
  s.fab.advancedWpm = [
    { at: "2025Q1", value: { dist: "triangular", min: 2, mode: 10, max: 30, assumption: "t" } },
  ];
  return compileScenario(s);
}

describe("aggregate", () => {
  test("chunked, merged and packed aggregates summarise to the same bytes as one pass", () => {
    const c = scenario();
    const whole = createAggregate(c);
    for (let i = 0; i < 50; i++) aggregateAdd(whole, replicate(c, 3, i));
    const a = createAggregate(c);
    const b = createAggregate(c);
    for (let i = 0; i < 17; i++) aggregateAdd(a, replicate(c, 3, i));
    for (let i = 17; i < 50; i++) aggregateAdd(b, replicate(c, 3, i));
    const merged = aggregateMerge(createAggregate(c), b);
    aggregateMerge(merged, a);
    const packed = mergePackedAggregate(
      mergePackedAggregate(createAggregate(c), packAggregate(a)),
      packAggregate(b),
    );
    const json = (x: typeof whole) => JSON.stringify(summarize(c, x, 3));
    expect(json(merged)).toBe(json(whole));
    expect(json(packed)).toBe(json(whole));
    expect(packed.runs).toBe(50);
  });

  test("the median production in Q1 is min(dies, 6000 stacks) at the median wafer draw", () => {
    // Q1 output = min(wpm × 3 × 640.2151 × 0.5, 6000): 6000 once wpm ≥ 6.25, and a triangular(2, 10, 30)
    // puts P(wpm < 6.25) = (4.25²)/(8 × 28) = 0.081, so over 2000 runs (≈161 ± 12 below) P25..P95 are 6000 (±0.5% histogram error) and P5 is below.
    const c = scenario();
    const agg = createAggregate(c);
    for (let i = 0; i < 2000; i++) aggregateAdd(agg, replicate(c, 1, i));
    const out = summarize(c, agg, 1).outputs.find((o) => o.name === "production.dom");
    expect(out?.p50[0]).toBeCloseTo(6000, -2);
    expect(out?.p25[0]).toBeCloseTo(6000, -2);
    expect(out?.p5[0]).toBeLessThan(6000);
  });

  test("a packed aggregate of another layout is refused", () => {
    const c = scenario();
    const s = tinyScenario();
    s.end = "2025Q4";
    const other = createAggregate(compileScenario(s));
    expect(() => mergePackedAggregate(createAggregate(c), packAggregate(other))).toThrow(RangeError);
  });
});
