import { type Plan, type PlanCatalogChip, solvePlan } from "@dualtrack/core";
import { fc, test } from "@fast-check/vitest";
import { beforeAll, describe, expect } from "vitest";
import { type HighsSolver, loadHighsSolver } from "../src/index.js";
import { chip, inputsOf, planOf, serve } from "./planFixtures.js";

let solver: HighsSolver;
beforeAll(async () => {
  solver = await loadHighsSolver();
});

const exact = { timeLimitSec: 10, mipGap: 0 };
const noEnergy = { usdPerKWh: 0, pue: 1 };

/**
 * The optimum by enumeration, straight from the plan's meaning (one serve demand per period, units
 * mandate): every purchase vector with each count in 0..cap, checked and costed without the LP.
 */
function bruteForce(plan: Plan, chips: readonly PlanCatalogChip[], cap: number): number | null {
  const periods = Array.from({ length: plan.horizon.years ?? 1 }, (_, i) => String(plan.horizon.start + i));
  const n = chips.length * periods.length;
  const x = new Array<number>(n).fill(0);
  let best: number | null = null;
  const at = (c: number, p: number) => x[c * periods.length + p] ?? 0;
  const evaluate = () => {
    let cost = 0;
    let capex = 0;
    for (const [pi, p] of periods.entries()) {
      let capacity = 0;
      let power = 0;
      let domestic = 0;
      let all = 0;
      for (const [ci, c] of chips.entries()) {
        const bought = at(ci, pi);
        const licence = plan.licences[c.id];
        if (bought > 0 && licence === false) return;
        const supply = plan.supply[c.id]?.maxUnits;
        const max = typeof supply === "number" ? supply : supply?.[p];
        if (max !== undefined && bought > max) return;
        let fleet = plan.existingFleet[c.id] ?? 0;
        for (let q = 0; q <= pi; q++) fleet += at(ci, q);
        capacity += fleet * (c.dense.bf16 ?? 0);
        power += (fleet * (c.tdpW ?? 0) * plan.energy.pue) / 1e6;
        all += bought;
        if (c.country === plan.buyer.country) domestic += bought;
        const price = c.priceUsd ?? 0;
        capex += bought * price;
        const hours = 8760 * (periods.length - pi);
        cost += bought * (price + (((c.tdpW ?? 0) * plan.energy.pue) / 1000) * hours * plan.energy.usdPerKWh);
      }
      const demand = plan.demand.find((d) => d.period === p);
      if (demand !== undefined && "serve" in demand && capacity < demand.serve.outputTokensPerSec - 1e-9)
        return;
      const powerCap = typeof plan.powerMW === "number" ? plan.powerMW : plan.powerMW?.[p];
      if (powerCap !== undefined && power > powerCap + 1e-9) return;
      const share = plan.mandates?.domesticShareMin;
      if (share !== undefined && domestic < share * all - 1e-9) return;
    }
    const budget = plan.budget?.capexUsd;
    if (typeof budget === "number" && capex > budget + 1e-6) return;
    if (best === null || cost < best) best = cost;
  };
  const recurse = (k: number) => {
    if (k === n) {
      evaluate();
      return;
    }
    for (let v = 0; v <= cap; v++) {
      x[k] = v;
      recurse(k + 1);
    }
  };
  recurse(0);
  return best;
}

const CAP = 6;

const tinyPlan = fc
  .record({
    shape: fc.constantFrom([2, 1], [3, 1], [2, 2]),
    chips: fc.array(
      fc.record({
        domestic: fc.boolean(),
        price: fc.integer({ min: 1, max: 40 }).map((k) => k * 500),
        tdp: fc.integer({ min: 100, max: 1000 }),
        rate: fc.integer({ min: 1, max: 4 }),
        existing: fc.integer({ min: 0, max: 2 }),
      }),
      { minLength: 3, maxLength: 3 },
    ),
    demand: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 2, maxLength: 2 }),
    budget: fc.option(
      fc.integer({ min: 2, max: 60 }).map((k) => k * 1000),
      { nil: undefined },
    ),
    power: fc.option(
      fc.integer({ min: 1, max: 8 }).map((k) => k * 0.001),
      { nil: undefined },
    ),
    share: fc.option(fc.constantFrom(0.2, 0.5, 0.75), { nil: undefined }),
    energy: fc.boolean(),
    denied: fc.option(fc.nat(2), { nil: undefined }),
  })
  .map((r) => {
    const [nChips, years] = r.shape as [number, number];
    const chips = r.chips
      .slice(0, nChips)
      .map((c, i) => chip(`chip-${i}`, c.domestic ? "CN" : "US", c.price, c.tdp, c.rate));
    const supply = Object.fromEntries(chips.map((c) => [c.id, { maxUnits: CAP }]));
    const existingFleet = Object.fromEntries(
      chips.flatMap((c, i) => ((r.chips[i]?.existing ?? 0) > 0 ? [[c.id, r.chips[i]?.existing ?? 0]] : [])),
    );
    const denied = r.denied !== undefined && r.denied < nChips ? { [`chip-${r.denied}`]: false } : {};
    const plan = planOf({
      buyer: { name: "t", country: "CN" },
      horizon: { start: 2026, years },
      demand: Array.from({ length: years }, (_, i) => serve(2026 + i, r.demand[i] ?? 1)),
      candidates: chips.map((c) => c.id),
      supply,
      existingFleet,
      licences: denied,
      ...(r.budget === undefined ? {} : { budget: { capexUsd: r.budget } }),
      ...(r.power === undefined ? {} : { powerMW: r.power }),
      ...(r.share === undefined ? {} : { mandates: { domesticShareMin: r.share, basis: "units" as const } }),
      energy: r.energy ? { usdPerKWh: 0.1, pue: 1.2 } : noEnergy,
      solver: exact,
    });
    return { plan, chips };
  });

// 60 plans, each solved (MILP, LP relaxation, re-solves) and enumerated: seconds on a loaded runner
describe("solvePlan(plan, inputs, solver)", { timeout: 30_000 }, () => {
  test.prop([tinyPlan], { numRuns: 60, seed: 20261123 })(
    "finds the optimum that enumerating every purchase vector finds, and infeasibility likewise",
    ({ plan, chips }) => {
      const result = solvePlan(plan, inputsOf(chips, plan), solver);
      const best = bruteForce(plan, chips, CAP);
      if (best === null) {
        expect(result.status).toBe("infeasible");
        expect(result.conflicts?.length).toBeGreaterThan(0);
      } else {
        expect(result.status).toBe("optimal");
        expect(result.objective ?? Number.NaN).toBeCloseTo(best, 4);
        const tco = result.totals?.tcoUsd ?? Number.NaN;
        expect(tco).toBeCloseTo(best, 4);
      }
    },
  );
});
