import { dualBound, type LinearProgram, type LpVariable, solveMilp } from "@dualtrack/core";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { type HighsSolver, loadHighsSolver } from "../src/index.js";

let solver: HighsSolver;
beforeAll(async () => {
  solver = await loadHighsSolver();
});

const v = (name: string, cost: number, upper = Infinity, integer = true): LpVariable => ({
  name,
  cost,
  lower: 0,
  upper,
  integer,
});

// min 3x + 5y + 7z + 1  s.t.  x + y + z ≥ 10 (r0),  x ≤ 4 (r1)
// LP optimum x = 4, y = 6, z = 0: 1 + 12 + 30 = 43. Duals: r0 = 5 (one more unit of demand is a y),
// r1 = −2 (one more x replaces a y: 3 − 5). Reduced costs d = c − Aᵀy: x 3 − 5 + 2 = 0, y 0, z 7 − 5 = 2.
// Bound: 1 + 5·10 + (−2)·4 = 43, and every solution with z = k costs at least 43 + 2k.
const small: LinearProgram = {
  sense: "min",
  offset: 1,
  variables: [v("x", 3), v("y", 5), v("z", 7)],
  rows: [
    { name: "r0", lower: 10, upper: Infinity, indices: [0, 1, 2], values: [1, 1, 1] },
    { name: "r1", lower: -Infinity, upper: 4, indices: [0], values: [1] },
  ],
};

describe("dualBound(lp, duals)", () => {
  it("recomputes the LP bound and reduced costs from the row duals (hand-worked)", () => {
    const b = dualBound(small, [5, -2]);
    expect(b?.bound).toBeCloseTo(43, 12);
    expect(b?.reducedCosts).toEqual([0, 0, 2]);
  });

  it("works in min form for a max problem: max −(3x + 5y + 7z) − 1 has the bound 43 on its negation", () => {
    const max: LinearProgram = {
      ...small,
      sense: "max",
      offset: -1,
      variables: small.variables.map((x) => ({ ...x, cost: -x.cost })),
    };
    const relaxed = solver.solve(max, { timeLimitSec: 5, mipGap: 0, relax: true });
    expect(relaxed.objective).toBeCloseTo(-43, 9);
    const b = dualBound(max, relaxed.duals ?? []);
    expect(b?.bound).toBeCloseTo(43, 9);
    expect(b?.reducedCosts[2]).toBeCloseTo(2, 9);
  });

  it("drops a dual whose row bound on that side is infinite, so the bound stays valid", () => {
    // A wrong-signed dual on r0 (its upper side is infinite) must not count: the bound is then
    // Σ_j min(d_j·lower_j) with d = c, i.e. 1 (the offset).
    expect(dualBound(small, [-5, 0])?.bound).toBeCloseTo(1, 12);
  });

  it("gives no bound when a priced variable bound is infinite", () => {
    // Without r0's dual, y has d = 5 > 0 (fine, priced at 0) but with dual 9 on r0, d_y = −4 < 0 and
    // y has no upper bound.
    expect(dualBound(small, [9, 0])).toBeUndefined();
  });
});

describe("solveMilp(solver, lp, options)", () => {
  it("solves wide integer domains through a restricted model and agrees with the plain solve", () => {
    // Demand of 100,000.5 units from three chips whose LP prices differ by little: the LP optimum is
    // fractional, every integer optimum buys thousands of units, and the restriction leaves x and y
    // (z costs 2.5 more per unit of demand than y and is fixed at 0 as soon as S < 2.5).
    const lp: LinearProgram = {
      sense: "min",
      offset: 0,
      variables: [v("x", 1000), v("y", 1001.5), v("z", 1003, Infinity)],
      rows: [
        { name: "demand", lower: 100_000.5, upper: Infinity, indices: [0, 1, 2], values: [1, 1.001, 1] },
        { name: "cap_x", lower: -Infinity, upper: 40_000.7, indices: [0], values: [1] },
      ],
    };
    const exact = solver.solve(lp, { timeLimitSec: 10, mipGap: 0 });
    const r = solveMilp(solver, lp, { timeLimitSec: 10, mipGap: 0 });
    expect(r.status).toBe("optimal");
    expect(r.objective).toBeCloseTo(exact.objective, 6);
    expect(r.stats.rounds).toBeGreaterThanOrEqual(1);
    expect(r.values[2]).toBe(0);
    // Activities are mapped back to the original rows.
    expect(r.activities[0]).toBeCloseTo(
      (r.values[0] ?? 0) + 1.001 * (r.values[1] ?? 0) + (r.values[2] ?? 0),
      6,
    );
  });

  it("reports infeasible and LP-only models as the plain solve does", () => {
    const infeasible: LinearProgram = {
      ...small,
      rows: [
        ...small.rows,
        { name: "cap", lower: -Infinity, upper: 3, indices: [0, 1, 2], values: [1, 1, 1] },
      ],
    };
    expect(solveMilp(solver, infeasible, { timeLimitSec: 5, mipGap: 0 }).status).toBe("infeasible");
    // x + y = 2.5 has no integer point although its relaxation is feasible.
    const noInteger: LinearProgram = {
      sense: "min",
      offset: 0,
      variables: [v("x", 1, 5), v("y", 1, 5)],
      rows: [{ name: "eq", lower: 2.5, upper: 2.5, indices: [0, 1], values: [1, 1] }],
    };
    expect(solveMilp(solver, noInteger, { timeLimitSec: 5, mipGap: 0 }).status).toBe("infeasible");
    const lpOnly = { ...small, variables: small.variables.map((x) => ({ ...x, integer: false })) };
    const r = solveMilp(solver, lpOnly, { timeLimitSec: 5, mipGap: 0 });
    expect(r.objective).toBeCloseTo(43, 9);
    expect(r.stats.rounds).toBe(0);
  });

  it("property: the same optimum as the plain MILP solve on random covering (min) and packing (max) models", () => {
    // Covering rows with large right-hand sides and packing rows put the integer optimum a few units
    // away from the LP's point, where a too-eager reduced-cost fixing or probe bound would lose it (a
    // fixing three times too tight, or probe bounds rounded 0.7 inwards, each fail here).
    const model = fc.record({
      n: fc.integer({ min: 3, max: 7 }),
      costs: fc.array(fc.integer({ min: 50, max: 400 }), { minLength: 7, maxLength: 7 }),
      cover: fc.array(
        fc.record({
          a: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 7, maxLength: 7 }),
          b: fc.integer({ min: 10, max: 60_000 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      pack: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 7, maxLength: 7 }),
      packB: fc.integer({ min: 100, max: 5000 }),
      sense: fc.constantFrom("min" as const, "max" as const),
    });
    let restricted = 0;
    fc.assert(
      fc.property(model, (g) => {
        const idx = Array.from({ length: g.n }, (_, j) => j);
        const lp: LinearProgram = {
          sense: g.sense,
          offset: 0,
          variables: idx.map((j) => v(`x${j}`, g.costs[j] ?? 1, 20_000)),
          rows:
            g.sense === "min"
              ? g.cover.map((c, i) => ({
                  name: `c${i}`,
                  lower: c.b + 0.5,
                  upper: Infinity,
                  indices: idx,
                  values: idx.map((j) => c.a[j] ?? 0),
                }))
              : [
                  {
                    name: "p",
                    lower: -Infinity,
                    upper: g.packB + 0.5,
                    indices: idx,
                    values: idx.map((j) => g.pack[j] ?? 1),
                  },
                ],
        };
        const plain = solver.solve(lp, { timeLimitSec: 10, mipGap: 0 });
        const r = solveMilp(solver, lp, { timeLimitSec: 10, mipGap: 0 });
        if (r.stats.rounds > 0 && r.stats.rounds < 4) restricted++;
        expect(r.status).toBe(plain.status);
        if (plain.status === "optimal")
          expect(Math.abs(r.objective - plain.objective)).toBeLessThanOrEqual(
            1e-6 * Math.max(1, Math.abs(plain.objective)),
          );
      }),
      { numRuns: 200, seed: 7 },
    );
    // The restricted path, not the fallback, answered most of them.
    expect(restricted).toBeGreaterThan(150);
  });
});
