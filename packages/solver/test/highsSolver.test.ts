import type { LinearProgram } from "@dualtrack/core";
import { beforeAll, describe, expect, it } from "vitest";
import { type HighsSolver, loadHighsSolver } from "../src/index.js";

let solver: HighsSolver;
beforeAll(async () => {
  solver = await loadHighsSolver();
});

const opts = { timeLimitSec: 10, mipGap: 0 };

// min 3x + 5y  s.t.  x + y ≥ 10 (r0),  x ≤ 4 (r1)
const lp: LinearProgram = {
  sense: "min",
  offset: 1,
  variables: [
    { name: "x", cost: 3, lower: 0, upper: Infinity, integer: false },
    { name: "y", cost: 5, lower: 0, upper: Infinity, integer: false },
  ],
  rows: [
    { name: "r0", lower: 10, upper: Infinity, indices: [0, 1], values: [1, 1] },
    { name: "r1", lower: -Infinity, upper: 4, indices: [0], values: [1] },
  ],
};

describe("loadHighsSolver()", () => {
  it("loads one module per process", async () => {
    expect((await loadHighsSolver()).highs).toBe(solver.highs);
  });

  it("solves an LP with the offset, and row duals = d objective / d bound", () => {
    const r = solver.solve(lp, opts);
    expect(r.status).toBe("optimal");
    expect(r.objective).toBeCloseTo(43);
    expect(r.values).toEqual([4, 6]);
    expect(r.activities).toEqual([10, 4]);
    expect(r.duals?.[0]).toBeCloseTo(5);
    expect(r.duals?.[1]).toBeCloseTo(-2);
  });

  it("solves a MILP (no duals) and its LP relaxation (duals) on request", () => {
    // max x + y  s.t.  2x + 2y ≤ 5, x, y integer ≤ 2
    const mip: LinearProgram = {
      sense: "max",
      offset: 0,
      variables: [
        { name: "x", cost: 1, lower: 0, upper: 2, integer: true },
        { name: "y", cost: 1, lower: 0, upper: 2, integer: true },
      ],
      rows: [{ name: "c", lower: -Infinity, upper: 5, indices: [0, 1], values: [2, 2] }],
    };
    const r = solver.solve(mip, opts);
    expect(r.status).toBe("optimal");
    expect(r.objective).toBeCloseTo(2);
    expect(r.duals).toBeUndefined();
    expect(r.gap).toBe(0);
    const relaxed = solver.solve(mip, { ...opts, relax: true });
    expect(relaxed.objective).toBeCloseTo(2.5);
    expect(relaxed.duals?.[0]).toBeCloseTo(0.5);
  });

  it("reports infeasible and unbounded models without values", () => {
    const bad: LinearProgram = {
      ...lp,
      rows: [...lp.rows, { name: "r2", lower: -Infinity, upper: 3, indices: [0, 1], values: [1, 1] }],
    };
    expect(solver.solve(bad, opts)).toMatchObject({ status: "infeasible", values: [] });
    const open: LinearProgram = { ...lp, sense: "max" };
    expect(solver.solve(open, opts).status).toBe("unbounded");
  });

  it("handles a model without variables", () => {
    expect(solver.solve({ sense: "min", offset: 2, variables: [], rows: [] }, opts)).toMatchObject({
      status: "optimal",
      objective: 2,
    });
  });

  // 2,200 solves: about 1 s on an idle machine, several times that on a loaded CI runner
  it("disposes every model: 2,000 solves do not grow the wasm heap past its first growth", {
    timeout: 30_000,
  }, () => {
    for (let i = 0; i < 200; i++) solver.solve(lp, opts);
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 2000; i++) solver.solve(lp, opts);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });
});
