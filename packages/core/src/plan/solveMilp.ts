import type { LinearProgram, LpVariable, SolveOptions, SolveResult, Solver } from "./linearProgram.js";

/** Widest integer domain (units) left to the MILP solver without a bound probe. */
const PROBE_WIDTH = 16;
/** Most integer variables probed per round (two LPs each): beyond it the probes cost more than they save. */
const MAX_PROBED = 16;
/** Guesses of the distance from the LP bound to the optimum before the unrestricted model is solved. */
const MAX_ROUNDS = 4;

/**
 * A lower bound on the (min-form) objective of every x that satisfies the rows and the variable
 * bounds, from the row duals `y` of the LP relaxation (LP duality, recomputed here rather than trusted):
 *
 *   c·x = Σ_i y_i·(a_i·x) + Σ_j d_j·x_j  with  d = c − Aᵀy,
 *   Σ_i y_i·(a_i·x) ≥ Σ_i (y_i > 0 ? y_i·lower_i : y_i·upper_i),
 *   Σ_j d_j·x_j ≥ Σ_j (d_j > 0 ? d_j·lower_j : d_j·upper_j),
 *
 * so `c·x ≥ bound + Σ_j |d_j|·(distance of x_j from the bound it is priced at)`. A dual whose row bound
 * on that side is infinite is dropped (set to 0), which keeps the inequality valid. Returns undefined
 * when some priced variable bound is infinite.
 */
export function dualBound(
  lp: LinearProgram,
  rowDuals: readonly number[],
): { bound: number; reducedCosts: number[] } | undefined {
  const sign = lp.sense === "max" ? -1 : 1;
  const d = lp.variables.map((v) => sign * v.cost);
  let bound = sign * lp.offset;
  for (const [i, row] of lp.rows.entries()) {
    let y = sign * (rowDuals[i] ?? 0);
    if ((y > 0 && !Number.isFinite(row.lower)) || (y < 0 && !Number.isFinite(row.upper))) y = 0;
    if (y === 0) continue;
    bound += y > 0 ? y * row.lower : y * row.upper;
    for (let k = 0; k < row.indices.length; k++) {
      const j = row.indices[k] ?? 0;
      d[j] = (d[j] ?? 0) - y * (row.values[k] ?? 0);
    }
  }
  // Reduced costs the solver left at rounding noise are zero, not prices.
  let costScale = 0;
  for (const v of lp.variables) costScale = Math.max(costScale, Math.abs(v.cost));
  const noise = 1e-9 * costScale;
  for (const [j, v] of lp.variables.entries()) {
    const dj = d[j] ?? 0;
    if (Math.abs(dj) <= noise) {
      d[j] = 0;
      continue;
    }
    const at = dj > 0 ? v.lower : v.upper;
    if (!Number.isFinite(at)) return undefined;
    bound += dj * at;
  }
  return { bound, reducedCosts: d };
}

/**
 * Tightens integer bounds to the solutions whose (min-form) objective is at most `bound + slack`:
 * x_j ≤ lower_j + ⌊slack / d_j⌋ for d_j > 0 and x_j ≥ upper_j − ⌊slack / −d_j⌋ for d_j < 0
 * (reduced-cost fixing; exact by `dualBound`'s inequality).
 */
function restrictByReducedCost(
  variables: readonly LpVariable[],
  reducedCosts: readonly number[],
  slack: number,
): LpVariable[] {
  return variables.map((v, j) => {
    const dj = reducedCosts[j] ?? 0;
    if (dj === 0 || !v.integer) return v;
    const steps = Math.floor(slack / Math.abs(dj) + 1e-9);
    return dj > 0
      ? { ...v, upper: Math.min(v.upper, v.lower + steps) }
      : { ...v, lower: Math.max(v.lower, v.upper - steps) };
  });
}

/**
 * Probes the widest integer variables of `lp` (with the objective cut `c·x ≤ cutoff` in min form): the
 * LP relaxation's min and max of x_j, rounded inwards, are valid bounds for every integer solution under
 * the cut. Returns undefined when the cut leaves no LP-feasible point.
 */
function probeBounds(
  solver: Solver,
  lp: LinearProgram,
  cutoff: number,
  options: SolveOptions,
): { variables: LpVariable[]; solves: number; ms: number } | undefined {
  const sign = lp.sense === "max" ? -1 : 1;
  const variables = [...lp.variables];
  const wide = variables
    .map((v, j) => ({ j, width: v.integer ? v.upper - v.lower : 0 }))
    .filter((w) => w.width > PROBE_WIDTH)
    .sort((a, b) => b.width - a.width || a.j - b.j)
    .slice(0, MAX_PROBED);
  if (wide.length === 0) return { variables, solves: 0, ms: 0 };
  const cut = {
    name: "objective_cut",
    lower: -Infinity,
    upper: cutoff - sign * lp.offset,
    indices: variables.map((_, j) => j),
    values: variables.map((v) => sign * v.cost),
  };
  const rows = [...lp.rows, cut];
  let solves = 0;
  let ms = 0;
  const probe = (j: number, sense: "min" | "max"): SolveResult => {
    const r = solver.solve(
      {
        sense,
        offset: 0,
        rows,
        variables: variables.map((v, i) => ({ ...v, cost: i === j ? 1 : 0 })),
      },
      { ...options, relax: true },
    );
    solves++;
    ms += r.ms;
    return r;
  };
  for (const { j } of wide) {
    const v = variables[j];
    if (v === undefined) continue;
    const lo = probe(j, "min");
    if (lo.status === "infeasible") return undefined;
    const hi = probe(j, "max");
    if (lo.status !== "optimal" || hi.status !== "optimal") continue;
    // Inward rounding with a tolerance: an LP optimum of 5417.0000001 must not lose the integer 5417.
    const tol = (x: number) => 1e-6 * Math.max(1, Math.abs(x));
    variables[j] = {
      ...v,
      lower: Math.max(v.lower, Math.ceil(lo.objective - tol(lo.objective))),
      upper: Math.min(v.upper, Math.floor(hi.objective + tol(hi.objective))),
    };
  }
  // Crossed bounds: no integer point under the cut.
  if (variables.some((v) => v.lower > v.upper)) return undefined;
  return { variables, solves, ms };
}

/** A model with its fixed columns (lower = upper) substituted out, and the way back. */
interface Compact {
  readonly lp: LinearProgram;
  /** Original index of each kept column. */
  readonly kept: readonly number[];
  /** Values of all original columns with the fixed ones filled in (kept ones NaN). */
  readonly fixed: readonly number[];
}

/**
 * Substitutes fixed columns into the row bounds and the objective offset and drops rows left empty;
 * undefined when a dropped row is violated by the fixed values (no solution). Reduced-cost fixing fixes
 * most columns, so the probes and the restricted MILP run on a model a fraction of the size.
 */
function compact(lp: LinearProgram, variables: readonly LpVariable[]): Compact | undefined {
  const index = new Array<number>(variables.length).fill(-1);
  const kept: number[] = [];
  const fixed = variables.map((v, j) => {
    if (v.lower === v.upper) return v.lower;
    index[j] = kept.length;
    kept.push(j);
    return Number.NaN;
  });
  let offset = lp.offset;
  for (const v of variables) if (v.lower === v.upper) offset += v.cost * v.lower;
  const rows: LinearProgram["rows"][number][] = [];
  for (const row of lp.rows) {
    let shift = 0;
    const indices: number[] = [];
    const values: number[] = [];
    for (let k = 0; k < row.indices.length; k++) {
      const j = row.indices[k] ?? 0;
      const a = row.values[k] ?? 0;
      const at = index[j] ?? -1;
      if (at < 0) shift += a * (fixed[j] ?? 0);
      else {
        indices.push(at);
        values.push(a);
      }
    }
    if (indices.length === 0) {
      const tol = 1e-9 * Math.max(1, Math.abs(shift));
      if (shift < row.lower - tol || shift > row.upper + tol) return undefined;
      continue;
    }
    rows.push({ name: row.name, lower: row.lower - shift, upper: row.upper - shift, indices, values });
  }
  const cols = kept.map((j) => variables[j] as LpVariable);
  return { lp: { sense: lp.sense, offset, variables: cols, rows }, kept, fixed };
}

/** A compact model's solution in the original model's terms (values of every column, every row's activity). */
function expand(original: LinearProgram, c: Compact, r: SolveResult): SolveResult {
  if (r.values.length === 0) return r;
  const values = [...c.fixed];
  for (const [k, j] of c.kept.entries()) values[j] = r.values[k] ?? 0;
  const activities = original.rows.map((row) => {
    let sum = 0;
    for (let k = 0; k < row.indices.length; k++)
      sum += (row.values[k] ?? 0) * (values[row.indices[k] ?? 0] ?? 0);
    return sum;
  });
  return { ...r, values, activities };
}

/** Extra figures from `solveMilp` on how it reached its answer. */
export interface MilpStats {
  /** Solver calls made (LP relaxation, bound probes, restricted and full MILPs). */
  readonly solves: number;
  /** Restricted models tried; 0 when the full model was solved directly. */
  readonly rounds: number;
  /** The LP bound (objective units) that the optimality proof rests on. */
  readonly lpBound?: number;
}

/**
 * Solves a MILP to the relative gap `options.mipGap`, first on restricted models that provably contain
 * every solution within a guessed distance S of the LP bound z_LP (min form):
 *
 * 1. LP relaxation → row duals → `dualBound`: c·x ≥ z_LP + Σ|d_j|·(distance of x_j from its priced bound).
 * 2. Restrict each integer x_j to distance ⌊S/|d_j|⌋ (reduced-cost fixing), then probe the widest
 *    remaining integer domains by LP under the cut c·x ≤ z_LP + S (HiGHS's wasm build slows sharply on
 *    integer domains thousands of units wide; docs/planner.md).
 * 3. Solve the restricted MILP: optimum z_R with proven bound L_R. Every solution outside the restricted
 *    model costs more than z_LP + S, so min(L_R, z_LP + S) is a bound on the full model; when z_R is
 *    within the gap of it, z_R is the answer. Otherwise S grows (to z_R − z_LP when a solution was found,
 *    else ×8), and after `MAX_ROUNDS` guesses the full model is solved.
 *
 * Starts from S = 2·gap·|z_LP|. Falls back to one plain solve when the model has no integer variable or
 * the relaxation gives no usable bound. The result's `gap` is measured against the full model's bound.
 */
export function solveMilp(
  solver: Solver,
  lp: LinearProgram,
  options: SolveOptions,
  relaxation?: SolveResult,
): SolveResult & { readonly stats: MilpStats } {
  const started = Date.now();
  let solves = 0;
  let solverMs = 0;
  const remaining = (): SolveOptions => ({
    ...options,
    relax: false,
    timeLimitSec: Math.max(0.001, options.timeLimitSec - (Date.now() - started) / 1000),
  });
  const run = (model: LinearProgram, opts: SolveOptions): SolveResult => {
    const r = solver.solve(model, opts);
    solves++;
    solverMs += r.ms;
    return r;
  };
  const finish = (r: SolveResult, rounds: number, lpBound?: number) => ({
    ...r,
    ms: solverMs,
    stats: { solves, rounds, ...(lpBound === undefined ? {} : { lpBound }) },
  });
  if (options.relax === true || !lp.variables.some((v) => v.integer)) return finish(run(lp, options), 0);

  const relaxed = relaxation ?? run(lp, { ...options, relax: true });
  const dual = relaxed.status === "optimal" && relaxed.duals ? dualBound(lp, relaxed.duals) : undefined;
  const sign = lp.sense === "max" ? -1 : 1;
  // The recomputed bound must agree with the solver's LP optimum; if not, trust neither for fixing.
  const agrees =
    dual !== undefined &&
    Math.abs(dual.bound - sign * relaxed.objective) <= 1e-7 * Math.max(1, Math.abs(relaxed.objective));
  if (dual === undefined || !agrees) return finish(run(lp, remaining()), 0);

  const z = dual.bound;
  // A guess below the cheapest priced move of an integer variable only ever admits the LP's own point.
  let cheapestMove = Infinity;
  for (const [j, v] of lp.variables.entries()) {
    const dj = Math.abs(dual.reducedCosts[j] ?? 0);
    if (v.integer && dj > 0) cheapestMove = Math.min(cheapestMove, dj);
  }
  let slack = Math.max(2 * options.mipGap * Math.abs(z), 1e-9 * Math.max(1, Math.abs(z)));
  let best: SolveResult | undefined;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const cutoff = z + slack;
    const small = compact(lp, restrictByReducedCost(lp.variables, dual.reducedCosts, slack));
    const probed = small && probeBounds(solver, small.lp, cutoff, remaining());
    if (probed !== undefined) {
      solves += probed.solves;
      solverMs += probed.ms;
    }
    const r =
      small === undefined || probed === undefined
        ? undefined
        : expand(lp, small, run({ ...small.lp, variables: probed.variables }, remaining()));
    const found = r !== undefined && (r.status === "optimal" || r.status === "feasible");
    if (found) {
      const value = sign * r.objective;
      const restrictedBound = value - (r.gap ?? 0) * Math.abs(value);
      const fullBound = Math.min(restrictedBound, cutoff);
      const gap = (value - fullBound) / Math.max(Math.abs(value), 1e-9);
      // Kept as what it is for the whole model: a feasible solution at that gap.
      if (best === undefined || value < sign * best.objective)
        best = { ...r, status: "feasible", gap: Math.max(0, gap) };
      if (gap <= options.mipGap || r.status === "feasible")
        return finish(
          { ...r, status: gap <= options.mipGap ? "optimal" : "feasible", gap: Math.max(0, gap) },
          round,
          z,
        );
      slack = value - z;
    } else if (r !== undefined && r.status !== "infeasible") {
      // A limit or an error inside a restricted model: the full model will not do better in less time.
      return finish(best ?? r, round, z);
    } else slack = Math.max(8 * slack, cheapestMove);
  }
  const full = run(lp, remaining());
  const solved = full.status === "optimal" || full.status === "feasible";
  return finish(!solved && best !== undefined ? best : full, MAX_ROUNDS, z);
}
