import { describe, expect, test } from "vitest";
import { tinyScenario } from "./tinyScenario.js";
import { paramRange, scenarioParams, tornado } from "./tornado.js";

describe("tornado", () => {
  test("paramRange: min/max for triangular, P5/P95 for normal (mean ∓ 1.645 sd) and lognormal", () => {
    expect(paramRange({ dist: "triangular", min: 1, mode: 2, max: 4, assumption: "t" })).toEqual([1, 4]);
    const [lo, hi] = paramRange({ dist: "normal", mean: 10, sd: 2, assumption: "t" });
    expect(lo).toBeCloseTo(6.71, 9);
    expect(hi).toBeCloseTo(13.29, 9);
    const [a, b] = paramRange({ dist: "lognormal", median: 100, sigma: 1, assumption: "t" });
    expect(a * b).toBeCloseTo(100 * 100, 6);
  });

  test("moves one parameter at a time: HBM binds Q1, so only the stockpile moves Q1 output", () => {
    const s = tinyScenario();
    s.hbm.stockpileStart = { dist: "triangular", min: 3000, mode: 6000, max: 9000, assumption: "t" };
    s.fab.advancedWpm = [
      { at: "2025Q1", value: { dist: "triangular", min: 5, mode: 10, max: 20, assumption: "t" } },
    ];
    expect(scenarioParams(s).map((p) => p.name)).toEqual(["fab.advancedWpm@2025Q1", "hbm.stockpileStart"]);
    const t = tornado(s, { output: "production.dom", period: "2025Q1", runs: 1 });
    // Base: 6000 stacks bind (dies 9603 > 6000). Stockpile 3000..9000 → output 3000..9000 (dies still
    // exceed 9000). Wafers 5..20 wpm → dies 4801.6..19206 against 6000 stacks → 4801.6..6000.
    expect(t.base).toBeCloseTo(6000, 6);
    expect(t.bars[0]?.param).toBe("hbm.stockpileStart");
    expect(t.bars[0]?.outputLow).toBeCloseTo(3000, 6);
    expect(t.bars[0]?.outputHigh).toBeCloseTo(9000, 6);
    expect(t.bars[1]?.outputLow).toBeCloseTo(4801.61, 2);
    expect(t.bars[1]?.outputHigh).toBeCloseTo(6000, 6);
  });

  test("serving outputs use the servingRates given (linear in them), and read 0 without them", () => {
    const s = tinyScenario();
    s.hbm.stockpileStart = { dist: "triangular", min: 3000, mode: 6000, max: 9000, assumption: "t" };
    s.serving = {
      models: ["m"],
      chips: { dom: "chip-d", imp: "chip-i" },
      workload: { precision: "fp8", batch: 8, isl: 1000, osl: 100, tp: 1 },
    };
    const options = { output: "servingTokensPerSec.m", period: "2025Q2", runs: 1 };
    const at = (dom: number, imp: number) => tornado(s, { ...options, servingRates: { m: { dom, imp } } });
    expect(tornado(s, options).base).toBe(0);
    const one = at(1, 0);
    const hundred = at(100, 0);
    // tokens/s = Σ installed units × rate: 100× the rate gives 100× the output, bar for bar
    expect(one.base).toBeGreaterThan(0);
    expect(hundred.base).toBeCloseTo(100 * one.base, 6);
    expect(hundred.bars[0]?.outputHigh ?? 0).toBeCloseTo(100 * (one.bars[0]?.outputHigh ?? 1), 6);
    // the two products add: the output at (1, 1) is the sum of (1, 0) and (0, 1)
    expect(at(1, 1).base).toBeCloseTo(one.base + at(0, 1).base, 6);
  });

  test("an unknown output or a period outside the run is an error naming it", () => {
    expect(() => tornado(tinyScenario(), { output: "nope", period: "2025" })).toThrow(/output: 'nope'/);
    expect(() => tornado(tinyScenario(), { output: "production.dom", period: "2030" })).toThrow(
      /period: '2030'/,
    );
  });
});

describe("scenarioSchema", () => {
  test("rejects unordered triangular bounds and unordered path points, naming the rule", async () => {
    const { scenarioSchema } = await import("./scenario.js");
    const s = tinyScenario();
    s.hbm.stockpileStart = { dist: "triangular", min: 5, mode: 1, max: 9, assumption: "t" };
    s.fab.advancedWpm = [
      { at: "2025Q2", value: { value: 1, assumption: "t" } },
      { at: "2025Q1", value: { value: 2, assumption: "t" } },
    ];
    const r = scenarioSchema.safeParse(s);
    expect(r.success).toBe(false);
    const messages = r.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
    expect(messages).toContain("hbm.stockpileStart: needs min ≤ mode ≤ max");
    expect(messages).toContain(
      "fab.advancedWpm: points must be in increasing quarter order, each quarter once",
    );
    expect(scenarioSchema.safeParse(tinyScenario()).success).toBe(true);
  });
});
