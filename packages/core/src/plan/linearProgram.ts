/**
 * A solver-neutral (mixed-integer) linear program: minimise or maximise `offset + Σ cost·x` subject to
 * `lower ≤ Σ a·x ≤ upper` for each sparse row and `lower ≤ x ≤ upper` for each variable. Infinite bounds
 * are written as `±Infinity`. Any LP/MILP solver can take it; `@dualtrack/solver` adapts HiGHS.
 */
export interface LinearProgram {
  readonly sense: "min" | "max";
  /** A constant added to the objective. */
  readonly offset: number;
  readonly variables: readonly LpVariable[];
  readonly rows: readonly LpRow[];
}

export interface LpVariable {
  /** A unique name, for messages and LP text: `[A-Za-z_][A-Za-z0-9_.]*`. */
  readonly name: string;
  readonly cost: number;
  readonly lower: number;
  readonly upper: number;
  readonly integer: boolean;
}

export interface LpRow {
  readonly name: string;
  readonly lower: number;
  readonly upper: number;
  /** Column indices (into `variables`) of the non-zero coefficients, each at most once. */
  readonly indices: readonly number[];
  readonly values: readonly number[];
}

export interface SolveOptions {
  /** Wall-clock limit of the solve, seconds. */
  readonly timeLimitSec: number;
  /** Relative MIP gap at which the solver may stop (0: prove optimality). */
  readonly mipGap: number;
  /** Solve the LP relaxation (integrality dropped) and return its row duals. */
  readonly relax?: boolean;
}

/**
 * - `optimal`: proved optimal (within `mipGap`);
 * - `feasible`: a solution was found but a limit stopped the proof (`gap` says how far);
 * - `infeasible`, `unbounded`: proved so;
 * - `limit`: a limit was reached before any solution; `error`: the solver failed.
 */
export type SolveStatus = "optimal" | "feasible" | "infeasible" | "unbounded" | "limit" | "error";

export interface SolveResult {
  readonly status: SolveStatus;
  /** Objective value including `offset`; NaN where there is no solution. */
  readonly objective: number;
  /** Variable values in `variables` order; empty where there is no solution. */
  readonly values: readonly number[];
  /** Row activities `Σ a·x`; empty where there is no solution. */
  readonly activities: readonly number[];
  /**
   * Row duals of an LP (or of the LP relaxation when `relax`): the change of the objective per unit
   * increase of the row's active bound. Absent for a MILP solve.
   */
  readonly duals?: readonly number[];
  /** Relative MIP gap at the end of a MILP solve (0 when proved optimal). */
  readonly gap?: number;
  /** Time inside the solver, milliseconds. */
  readonly ms: number;
  /** Solver's own words when `status` is `error` or `limit`. */
  readonly message?: string;
}

/** A loaded LP/MILP solver. `solve` is synchronous and deterministic for the same input. */
export interface Solver {
  readonly name: string;
  solve(lp: LinearProgram, options: SolveOptions): SolveResult;
}

/** `Σ a·x` of a row at `values`. */
export function rowActivity(row: LpRow, values: readonly number[]): number {
  let sum = 0;
  for (let k = 0; k < row.indices.length; k++)
    sum += (row.values[k] ?? 0) * (values[row.indices[k] ?? 0] ?? 0);
  return sum;
}

/** The objective of `lp` at `values` (including the offset). */
export function objectiveAt(lp: LinearProgram, values: readonly number[]): number {
  let sum = lp.offset;
  for (const [j, v] of lp.variables.entries()) sum += v.cost * (values[j] ?? 0);
  return sum;
}

/** Whether `values` satisfies every bound and row of `lp` within `tol` (relative to the bound's size). */
export function isFeasible(lp: LinearProgram, values: readonly number[], tol = 1e-6): boolean {
  const ok = (x: number, lo: number, hi: number) => {
    const slack = tol * Math.max(1, Math.abs(lo === -Infinity ? 0 : lo), Math.abs(hi === Infinity ? 0 : hi));
    return x >= lo - slack && x <= hi + slack;
  };
  for (const [j, v] of lp.variables.entries()) {
    const x = values[j] ?? 0;
    if (!ok(x, v.lower, v.upper)) return false;
    if (v.integer && Math.abs(x - Math.round(x)) > 1e-6) return false;
  }
  return lp.rows.every((row) => ok(rowActivity(row, values), row.lower, row.upper));
}
