import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { BINDING_LINKS, compileScenario } from "./compile.js";
import { replicate } from "./replicate.js";
import type { Scenario } from "./scenario.js";
import { tinyScenario } from "./tinyScenario.js";

function series(s: Scenario, seed: number, index: number) {
  const c = compileScenario(s);
  const r = replicate(c, seed, index);
  const nQ = c.quarters.length;
  return {
    get: (name: string, q: number) => {
      const o = c.outputIndex.get(name);
      if (o === undefined) throw new Error(`no output ${name}`);
      return r.values[o * nQ + q] ?? Number.NaN;
    },
    binding: Array.from(r.binding, (b) => BINDING_LINKS[b]),
  };
}

describe("replicate(tiny scenario) worked by hand", () => {
  // Dies per wafer at 100 mm²: π·150²/100 − π·300/√200 = 706.8583 − 66.6432 = 640.2151.
  // Wafers per quarter 10 wpm × 3 = 30 → dies 30 × 640.2151 × 0.5 yield = 9603.23.
  // Q1: the line could package 9603.23 but holds 6000 stacks (1 per package) → 6000 units, HBM binds,
  //     3603.23 dies carried. Values per H100e: imp (0.5·1 + 0.5·2/2) = 1 at $10k; dom (0.5·0.5 + 0.5·0.5)
  //     = 0.5 at $2k → $4k per H100e, so dom sells first: 6000 × $2k = $12M; the rest $18M buys all
  //     1000 imp ($10M); $8M is left → 800 H100e unmet. US share 15% of $10M = $1.5M.
  // Q2: +20,000 domestic stacks; dies 3603.23 + 9603.23 = 13206.45 < 20,000 → dies bind. The firm buys
  //     all 13206.45 dom ($26.4129M) and 358.71 imp with the remaining $3.5871M.
  const r = series(tinyScenario(), 1, 0);
  test("Q1: HBM binds at the 6000-stack pool", () => {
    expect(r.get("production.dom", 0)).toBeCloseTo(6000, 6);
    expect(r.binding[0]).toBe("hbm");
    expect(r.get("units.imp", 0)).toBeCloseTo(1000, 6);
    expect(r.get("vendorRevenueUsd.hw", 0)).toBeCloseTo(12e6, 0);
    expect(r.get("unmetDemandH100e", 0)).toBeCloseTo(800, 6);
    expect(r.get("usReceiptsUsd", 0)).toBeCloseTo(1.5e6, 0);
    // installed: 6000 × 0.5 + 1000 × 1 = 4000 H100e, 3/4 domestic; 4000 × 1000 TFLOPS = 4000 PFLOPS.
    expect(r.get("installedH100e.total", 0)).toBeCloseTo(4000, 6);
    expect(r.get("domesticShare", 0)).toBeCloseTo(0.75, 9);
    expect(r.get("installedPflopsBf16.total", 0)).toBeCloseTo(4000, 6);
    expect(r.get("hbmStockpileStacks", 0)).toBeCloseTo(0, 6);
  });
  test("Q2: dies bind once domestic HBM arrives", () => {
    expect(r.get("production.dom", 1)).toBeCloseTo(13206.45, 2);
    expect(r.binding[1]).toBe("dies");
    expect(r.get("units.dom", 1)).toBeCloseTo(13206.45, 2);
    expect(r.get("units.imp", 1)).toBeCloseTo(358.71, 2);
    expect(r.get("unmetDemandH100e", 1)).toBeCloseTo(0, 6);
    expect(r.get("hbmStockpileStacks", 1)).toBeCloseTo(20000 - 13206.45, 2);
  });
  test("a US block on imp in Q2 sends the $3.587M to unmet demand", () => {
    const s = tinyScenario();
    s.policy.timeline.push({
      id: "ban",
      at: "2025Q2",
      products: ["imp"],
      us: { state: "blocked" },
      assumption: "t",
    });
    const b = series(s, 1, 0);
    expect(b.get("units.imp", 1)).toBe(0);
    expect(b.get("unmetDemandH100e", 1)).toBeCloseTo(358.71, 2);
  });
});

describe("serving capacity", () => {
  test("tokens/s = Σ installed units × per-chip rate (rates 10 for imp, 2 for dom)", () => {
    const s = tinyScenario();
    s.serving = {
      models: ["m"],
      chips: { imp: "chip-a", dom: "chip-b" },
      workload: { precision: "fp8", batch: 1, isl: 1, osl: 1, tp: 1 },
    };
    const c = compileScenario(s, { m: { imp: 10, dom: 2 } });
    const r = replicate(c, 1, 0);
    const o = c.outputIndex.get("servingTokensPerSec.m") ?? -1;
    // Q1: 1000 × 10 + 6000 × 2 = 22,000. Q2: (1000 + 358.71) × 10 + (6000 + 13206.45) × 2 = 52,000.
    expect(r.values[o * 2]).toBeCloseTo(22000, 6);
    expect(r.values[o * 2 + 1]).toBeCloseTo(52000, 1);
    // No rate given → that chip counts 0.
    const none = replicate(compileScenario(s, {}), 1, 0);
    expect(none.values[o * 2]).toBe(0);
    s.serving.chips = { nope: "x" };
    expect(() => compileScenario(s)).toThrow(/serving.chips: unknown product nope/);
  });
});

describe("replicate determinism", () => {
  test("the same (seed, index) gives the same bytes; another index differs", () => {
    const s = tinyScenario();
    s.fab.advancedWpm = [
      { at: "2025Q1", value: { dist: "triangular", min: 5, mode: 10, max: 20, assumption: "t" } },
    ];
    const c = compileScenario(s);
    const a = replicate(c, 7, 3).values;
    expect(replicate(c, 7, 3).values).toEqual(a);
    expect(replicate(c, 7, 4).values).not.toEqual(a);
  });
});

/** The tiny scenario with random knobs, for properties. */
const knobs = fc.record({
  wpm: fc.double({ min: 0, max: 200, noNaN: true }),
  extra: fc.double({ min: 1, max: 5, noNaN: true }),
  stacks: fc.integer({ min: 0, max: 50000 }),
  capex: fc.double({ min: 0, max: 1e8, noNaN: true }),
  supply: fc.double({ min: 0, max: 5000, noNaN: true }),
  banAt: fc.constantFrom("2025Q1", "2025Q2", "2025Q3", "2025Q4"),
});

function knobbed(k: { wpm: number; stacks: number; capex: number; supply: number }): Scenario {
  const s = tinyScenario();
  s.end = "2025Q4";
  s.fab.advancedWpm = [{ at: "2025Q1", value: { value: k.wpm, assumption: "t" } }];
  s.hbm.stockpileStart = { value: k.stacks, assumption: "t" };
  s.firms[0] = {
    id: "f",
    name: "F",
    capexUsd: [{ at: "2025Q1", value: { value: k.capex, assumption: "t" } }],
  };
  const imp = s.products[0];
  if (imp !== undefined) imp.supply = [{ at: "2025Q1", value: { value: k.supply, assumption: "t" } }];
  return s;
}

describe("replicate properties", () => {
  test.prop([knobs])("more SMIC wafers never lower cumulative domestic output", (k) => {
    const lo = series(knobbed(k), 1, 0);
    const hi = series(knobbed({ ...k, wpm: k.wpm * k.extra }), 1, 0);
    let cumLo = 0;
    let cumHi = 0;
    for (let q = 0; q < 4; q++) {
      cumLo += lo.get("production.dom", q);
      cumHi += hi.get("production.dom", q);
      expect(cumHi).toBeGreaterThanOrEqual(cumLo * (1 - 1e-12) - 1e-9);
    }
  });
  test.prop([knobs])("a US ban never raises imports of the banned chip in any quarter", (k) => {
    const s = knobbed(k);
    const free = series(s, 1, 0);
    s.policy.timeline.push({
      id: "ban",
      at: k.banAt,
      products: ["imp"],
      us: { state: "blocked" },
      assumption: "t",
    });
    const banned = series(s, 1, 0);
    for (let q = 0; q < 4; q++)
      expect(banned.get("units.imp", q)).toBeLessThanOrEqual(free.get("units.imp", q));
  });
  test.prop([knobs])("a Chinese block never raises imports of the blocked chip", (k) => {
    const s = knobbed(k);
    const free = series(s, 1, 0);
    s.policy.timeline.push({
      id: "cn",
      at: k.banAt,
      products: ["imp"],
      china: { stance: "blocked" },
      assumption: "t",
    });
    const blocked = series(s, 1, 0);
    for (let q = 0; q < 4; q++)
      expect(blocked.get("units.imp", q)).toBeLessThanOrEqual(free.get("units.imp", q));
  });
});
