import type { LinearProgram, SolveOptions, SolveResult, Solver, SolveStatus } from "@dualtrack/core";
import highsModule, { type Highs, type InitOptions, type ModelData, type VariableType } from "highs";

// highs ships CommonJS-style typings (default = the module object) while Node's ESM entry
// (build/highs.mjs) exports the loader itself as default; this is the runtime truth.
const highsLoader = highsModule as unknown as (options?: InitOptions) => Promise<Highs>;

/** A loaded HiGHS (wasm) module behind the solver-neutral `Solver` interface. */
export interface HighsSolver extends Solver {
  /** The HiGHS module, for callers that need the full API. */
  readonly highs: Highs;
}

let loading: Promise<Highs> | undefined;

/**
 * Loads the HiGHS wasm module once per process (or worker) and returns a `Solver` on it. Every solve
 * creates a native model and disposes it before returning, so repeated solves do not leak Wasm memory.
 * The first solve in a process pays the Wasm tier-up (~0.8 s); call `warmUp()` at start when latency
 * matters.
 */
export async function loadHighsSolver(): Promise<HighsSolver> {
  loading ??= highsLoader();
  const highs: Highs = await loading;
  return { name: "highs", highs, solve: (lp, options) => solveWithHighs(highs, lp, options) };
}

/** Solves a tiny MILP so that later solves run on tiered-up Wasm code. */
export function warmUp(solver: Solver): void {
  const lp: LinearProgram = {
    sense: "max",
    offset: 0,
    variables: Array.from({ length: 12 }, (_, j) => ({
      name: `x${j}`,
      cost: 1 + (j % 5),
      lower: 0,
      upper: 9,
      integer: true,
    })),
    rows: Array.from({ length: 6 }, (_, i) => ({
      name: `r${i}`,
      lower: -Infinity,
      upper: 20 + i,
      indices: Array.from({ length: 12 }, (_, j) => j),
      values: Array.from({ length: 12 }, (_, j) => 1 + ((i * 7 + j * 3) % 4)),
    })),
  };
  for (let k = 0; k < 3; k++) {
    solver.solve(lp, { timeLimitSec: 5, mipGap: 0 });
    solver.solve(lp, { timeLimitSec: 5, mipGap: 0, relax: true });
  }
}

const finite = (x: number, inf: number) => (x === Infinity ? inf : x === -Infinity ? -inf : x);

/** The power of two nearest to 1/max|x| over `xs` (1 when all are zero): scaling by it is exact. */
function pow2Scale(xs: readonly number[]): number {
  let m = 0;
  for (const x of xs) if (Number.isFinite(x)) m = Math.max(m, Math.abs(x));
  return m > 0 ? 2 ** -Math.round(Math.log2(m)) : 1;
}

/**
 * Scale factors of a model: each row by the power of two nearest to 1/max|a_ij| of the row, the objective
 * by that of max|c_j|. Plan models mix units over ten orders of magnitude (MW per chip ~1e-3, training
 * tokens per chip ~1e10, dollars ~1e4): unscaled, HiGHS can fail outright on them. With row i scaled by
 * s_i and the objective by k, the solution maps back as activity_i = activity'_i / s_i,
 * dual_i = dual'_i · s_i / k and objective = objective' / k.
 */
function scalesOf(lp: LinearProgram): { rows: number[]; objective: number } {
  return {
    rows: lp.rows.map((r) => pow2Scale(r.values)),
    objective: pow2Scale(lp.variables.map((v) => v.cost)),
  };
}

/** The LP as HiGHS model data (scaled by `scales`): row-wise sparse matrix, `±highs.infinity` for infinite bounds. */
function modelData(
  highs: Highs,
  lp: LinearProgram,
  relax: boolean,
  scales: { rows: readonly number[]; objective: number },
): ModelData {
  const inf = highs.infinity;
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const [i, row] of lp.rows.entries()) {
    const s = scales.rows[i] ?? 1;
    for (let k = 0; k < row.indices.length; k++) {
      const value = row.values[k] ?? 0;
      if (value === 0) continue;
      indices.push(row.indices[k] ?? 0);
      values.push(value * s);
    }
    starts.push(indices.length);
  }
  const integer = highs.constants.variableType.integer;
  const continuous = highs.constants.variableType.continuous;
  const hasIntegers = !relax && lp.variables.some((v) => v.integer);
  const k = scales.objective;
  return {
    numCols: lp.variables.length,
    numRows: lp.rows.length,
    sense:
      lp.sense === "max" ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    offset: lp.offset * k,
    colCost: lp.variables.map((v) => v.cost * k),
    colLower: lp.variables.map((v) => finite(v.lower, inf)),
    colUpper: lp.variables.map((v) => finite(v.upper, inf)),
    rowLower: lp.rows.map((r, i) => finite(r.lower * (scales.rows[i] ?? 1), inf)),
    rowUpper: lp.rows.map((r, i) => finite(r.upper * (scales.rows[i] ?? 1), inf)),
    matrix: {
      format: "csr",
      numRows: lp.rows.length,
      numCols: lp.variables.length,
      starts: Int32Array.from(starts),
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
    },
    ...(hasIntegers
      ? {
          integrality: lp.variables.map((v): VariableType => (v.integer ? integer : continuous)),
        }
      : {}),
  };
}

function infoNumber(read: () => number | bigint): number | undefined {
  try {
    const value = read();
    return typeof value === "bigint" ? Number(value) : value;
  } catch {
    return undefined;
  }
}

/** Solves `lp` with HiGHS; the native model is disposed before returning, whatever happens. */
export function solveWithHighs(highs: Highs, lp: LinearProgram, options: SolveOptions): SolveResult {
  const relax = options.relax === true;
  const isMip = !relax && lp.variables.some((v) => v.integer);
  const started = performance.now();
  const empty = (status: SolveStatus, message?: string): SolveResult => ({
    status,
    objective: Number.NaN,
    values: [],
    activities: [],
    ms: performance.now() - started,
    ...(message === undefined ? {} : { message }),
  });
  if (lp.variables.length === 0) {
    const ok = lp.rows.every((r) => r.lower <= 0 && r.upper >= 0);
    if (!ok) return empty("infeasible");
    return {
      status: "optimal",
      objective: lp.offset,
      values: [],
      activities: lp.rows.map(() => 0),
      ...(isMip ? { gap: 0 } : { duals: lp.rows.map(() => 0) }),
      ms: performance.now() - started,
    };
  }
  const scales = scalesOf(lp);
  const model = highs.createModel(modelData(highs, lp, relax, scales));
  try {
    model.options.set({
      output_flag: false,
      time_limit: options.timeLimitSec,
      mip_rel_gap: options.mipGap,
      random_seed: 0,
      // Sub-MIP heuristics (RINS/RENS, feasibility jump) dominate the time on plan-sized models and
      // the LP-based search finds the same optimum (research/ts-ecosystem.md §2.1; bench/cases/plan.js).
      mip_heuristic_effort: 0,
      mip_heuristic_run_feasibility_jump: false,
      mip_heuristic_run_rins: false,
      mip_heuristic_run_rens: false,
    });
    model.run();
    const code = model.getModelStatus();
    const s = highs.constants.modelStatus;
    const primal = infoNumber(() => model.info.get("primal_solution_status")) ?? 0;
    const hasSolution = primal === 2;
    let status: SolveStatus;
    if (code === s.optimal) status = "optimal";
    else if (code === s.infeasible) status = "infeasible";
    else if (code === s.unbounded || code === s.unboundedOrInfeasible) status = "unbounded";
    else if (
      code === s.timeLimit ||
      code === s.iterationLimit ||
      code === s.solutionLimit ||
      code === s.interrupted
    )
      status = hasSolution ? "feasible" : "limit";
    else return empty("error", `HiGHS model status ${code}`);
    if (!hasSolution || status === "infeasible" || status === "unbounded") return empty(status);
    const solution = model.getSolution();
    const gap = isMip ? (infoNumber(() => model.info.get("mip_gap")) ?? 0) : undefined;
    return {
      status,
      objective: model.getObjectiveValue() / scales.objective,
      values: Array.from(solution.colValue),
      activities: Array.from(solution.rowValue, (a, i) => a / (scales.rows[i] ?? 1)),
      ...(isMip
        ? {}
        : { duals: Array.from(solution.rowDual, (y, i) => (y * (scales.rows[i] ?? 1)) / scales.objective) }),
      ...(gap === undefined ? {} : { gap: status === "optimal" ? Math.min(gap, options.mipGap) : gap }),
      ms: performance.now() - started,
    };
  } catch (error) {
    return empty("error", error instanceof Error ? error.message : String(error));
  } finally {
    model.dispose();
  }
}
