import { type PlanFile, type PlanResult, solvePlan } from "@dualtrack/core";
import { beforeAll, describe, expect, it } from "vitest";
import { type HighsSolver, loadHighsSolver } from "../src/index.js";
import { chip, inputsOf, planOf, serve } from "./planFixtures.js";

let solver: HighsSolver;
beforeAll(async () => {
  solver = await loadHighsSolver();
});

// Two chips that serve 4 tokens/s each: `hot` is cheap and power-hungry, `cool` dearer and frugal;
// `slow` is domestic (CN) and serves 1 token/s.
const hot = chip("hot", "US", 10_000, 1000, 4);
const cool = chip("cool", "US", 12_000, 100, 4);
const slow = chip("slow", "CN", 8_000, 400, 1);
const chips = [hot, cool, slow];

function solve(extra: Partial<PlanFile>): PlanResult {
  const plan = planOf({
    buyer: { name: "t", country: "CN" },
    horizon: { start: 2026, years: 1 },
    demand: [serve(2026, 40, "chat")],
    candidates: chips.map((c) => c.id),
    energy: { usdPerKWh: 0, pue: 1 },
    solver: { timeLimitSec: 10, mipGap: 0 },
    ...extra,
  });
  return solvePlan(plan, inputsOf(chips, plan), solver);
}

const bought = (r: PlanResult) => Object.fromEntries(r.purchases.map((p) => [p.chip, p.units]));
const kinds = (r: PlanResult) => r.binding.map((b) => b.kind);

describe("each constraint binds in a crafted case, with its shadow price in words", () => {
  it("demand: 40 tokens/s from the cheapest chip per token/s; 1,000 more cost $2.5M", () => {
    const r = solve({});
    expect(r.status).toBe("optimal");
    expect(bought(r)).toEqual({ hot: 10 });
    expect(r.objective).toBe(100_000);
    const b = r.binding.find((x) => x.kind === "demand");
    expect(b?.shadowPrice).toBeCloseTo(2500);
    expect(b?.text).toBe(
      "serve tiny at 40 output tokens/s (bf16) in 2026: each extra 1,000 output tokens/s costs $2.5M",
    );
    expect(r.demands[0]).toMatchObject({ id: "chat", required: 40, achieved: 40, fleetCapacity: 40 });
    expect(r.totals).toMatchObject({ capexUsd: 100_000, units: 10, domesticShare: 0 });
  });

  it("mandate: 50% domestic units costs $44k in all, and its marginal point is priced", () => {
    const r = solve({ mandates: { domesticShareMin: 0.5, basis: "units" } });
    expect(bought(r)).toEqual({ hot: 8, slow: 8 });
    expect(r.objective).toBe(144_000);
    expect(r.mandateCost).toBe(44_000);
    expect(kinds(r)).toContain("mandate");
    const m = r.binding.find((x) => x.kind === "mandate");
    expect(m?.valuePerStep).toBeCloseTo(1408, 0);
    expect(m?.text).toMatch(/^the 50% domestic mandate in 2026: each extra point costs \$[\d.]+k$/);
    expect(r.totals?.domesticShare).toBe(0.5);
    expect(r.explanation).toContain("the domestic mandate costs $44.0k in all (re-solved without it)");
  });

  it("budget: a capex cap pushes part of the fleet to the chip with the higher running cost", () => {
    const withEnergy = { energy: { usdPerKWh: 1, pue: 1 } };
    expect(bought(solve(withEnergy))).toEqual({ cool: 10 });
    const r = solve({ ...withEnergy, budget: { capexUsd: 110_000 } });
    expect(bought(r)).toEqual({ cool: 5, hot: 5 });
    const b = r.binding.find((x) => x.kind === "budget");
    expect(b?.valuePerStep).toBeGreaterThan(0);
    expect(b?.text).toMatch(
      /^the capex budget of \$110,000 over the horizon: one more \$1M of capex is worth /,
    );
  });

  it("power: a MW cap trades the cheap hot chip for the cool one; one more MW is worth $X", () => {
    const r = solve({ powerMW: 0.0055 });
    expect(bought(r)).toEqual({ cool: 5, hot: 5 });
    const b = r.binding.find((x) => x.kind === "power");
    expect(b?.text).toMatch(/^the power cap of 0.0055 MW .* in 2026: one more MW is worth \$[\d.]+M$/);
    expect(r.totals?.peakPowerMW).toBeCloseTo(0.0055);
  });

  it("supply: at most 3 hot chips", () => {
    const r = solve({ supply: { hot: { maxUnits: { 2026: 3 } } } });
    expect(bought(r)).toEqual({ cool: 7, hot: 3 });
    expect(r.binding.find((x) => x.kind === "supply")?.text).toBe(
      'the supply of hot ({"2026":3} units) in 2026: one more unit of hot is worth $2.0k',
    );
  });

  it("licence: a volume cap and a 25% revenue share priced in", () => {
    const r = solve({ licences: { hot: { priceMultiplier: 1.1, maxUnits: 3 } } });
    expect(bought(r)).toEqual({ cool: 7, hot: 3 });
    expect(r.purchases.find((p) => p.chip === "hot")?.unitPriceUsd).toBeCloseTo(11_000);
    expect(kinds(r)).toContain("licence");
    expect(r.conditions).toEqual([
      {
        chip: "hot",
        period: "2026",
        conditions: ["price ×1.1 (licence terms: revenue share or tariff)", "licence volume cap 3 units"],
      },
    ]);
  });

  it("unavailable: a denied licence removes the chip and says what one unit would be worth", () => {
    const r = solve({ licences: { hot: false } });
    expect(bought(r)).toEqual({ cool: 10 });
    expect(r.binding.find((x) => x.kind === "unavailable")?.text).toBe(
      "hot is unavailable in 2026: one unit would be worth $2.0k",
    );
  });
});

describe("infeasible plans name a minimal conflicting set of constraints", () => {
  it("demand + budget conflict; the slack power cap, supply and mandate are left out", () => {
    const r = solve({
      budget: { capexUsd: 50_000 },
      powerMW: 100,
      supply: { slow: { maxUnits: 100 } },
      mandates: { domesticShareMin: 0.2, basis: "units" },
    });
    expect(r.status).toBe("infeasible");
    expect(r.purchases).toEqual([]);
    expect(r.conflicts).toEqual([
      { group: "demand:chat", text: "serve tiny at 40 output tokens/s (bf16) in 2026" },
      { group: "budget", text: "the capex budget of $50,000 over the horizon" },
    ]);
    expect(r.explanation[0]).toBe(
      "infeasible: these 2 constraints cannot all hold (drop any one and the rest can):",
    );
  });

  it("a denied licence, a supply cap and the demand together", () => {
    const r = solve({ licences: { hot: false, cool: false }, supply: { slow: { maxUnits: 10 } } });
    expect(r.status).toBe("infeasible");
    expect(r.conflicts?.map((c) => c.group)).toEqual([
      "demand:chat",
      "unavailable:hot",
      "unavailable:cool",
      "supply:slow",
    ]);
  });
});

describe("objectives", () => {
  it("max-capacity spends the budget on the most tokens/s per dollar", () => {
    const r = solve({ objective: "max-capacity", budget: { capexUsd: 200_000 } });
    expect(r.status).toBe("optimal");
    expect(bought(r)).toEqual({ hot: 20 });
    expect(r.objective).toBeCloseTo(2);
  });

  it("min-foreign-dependence buys domestic where it can", () => {
    const r = solve({ objective: "min-foreign-dependence", supply: { slow: { maxUnits: 20 } } });
    expect(bought(r)).toEqual({ hot: 5, slow: 20 });
    expect(r.objective).toBeCloseTo(50_000 + 20 * 8_000 * 1e-3);
  });

  it("existing fleet counts towards capacity and power but not the mandate", () => {
    const r = solve({ existingFleet: { hot: 6 }, powerMW: 0.01 });
    expect(bought(r)).toEqual({ hot: 4 });
    expect(r.periods[0]?.fleet).toEqual({ hot: 10 });
    expect(r.periods[0]?.powerMW).toBeCloseTo(0.01);
  });
});
