import { buildPlanModel, type PlanModel, withoutGroups } from "./buildPlanModel.js";
import type { SolveResult, Solver } from "./linearProgram.js";
import type { CapacityDetail, PlanInputs } from "./planInputs.js";
import type { Plan } from "./planSchema.js";
import { solveMilp } from "./solveMilp.js";

export interface Purchase {
  readonly period: string;
  readonly chip: string;
  readonly units: number;
  readonly unitPriceUsd: number;
  readonly capexUsd: number;
}

export interface PeriodSummary {
  readonly period: string;
  readonly capexUsd: number;
  /** Energy of the whole fleet in this period, USD. */
  readonly energyUsd: number;
  /** Facility power of the fleet (TDP × PUE), MW. */
  readonly powerMW: number;
  /** Units owned at the end of the period, by chip (existing included). */
  readonly fleet: Readonly<Record<string, number>>;
  /** Domestic share of this period's purchases on the mandate's basis (null when nothing was bought). */
  readonly domesticShare: number | null;
}

export interface DemandOutcome {
  readonly id: string;
  readonly period: string;
  readonly kind: "serve" | "train";
  readonly unit: string;
  readonly required: number;
  /** Capacity assigned to the demand in the solution. */
  readonly achieved: number;
  /** Capacity if the whole fleet of the period served this demand alone. */
  readonly fleetCapacity: number;
  readonly byChip: Readonly<Record<string, number>>;
}

/** A binding constraint of the LP relaxation with what relaxing it is worth, in words. */
export interface BindingConstraint {
  readonly group: string;
  readonly kind: string;
  readonly period?: string;
  readonly chip?: string;
  /** Row dual of the LP relaxation: objective change per unit of the row's bound. */
  readonly shadowPrice: number;
  /** Objective improvement from relaxing the constraint by `step` (negative: it would get worse). */
  readonly valuePerStep: number;
  readonly step: string;
  readonly text: string;
}

/** One chip's capacity for one demand as the model used it. */
export interface CapacityUsed extends CapacityDetail {
  readonly demand: string;
  readonly chip: string;
  /** The demand's unit ("output tokens/s", "training tokens"). */
  readonly unit: string;
}

export interface PlanResult {
  readonly status: "optimal" | "feasible" | "infeasible" | "unbounded" | "error";
  readonly objective: number | null;
  readonly objectiveKind: Plan["objective"];
  /** Relative MIP gap (0 when proved optimal). */
  readonly gap: number | null;
  readonly purchases: readonly Purchase[];
  readonly periods: readonly PeriodSummary[];
  readonly demands: readonly DemandOutcome[];
  readonly totals: {
    readonly capexUsd: number;
    /** Energy of the purchased units from their period to the horizon's end, USD. */
    readonly energyUsd: number;
    readonly tcoUsd: number;
    readonly peakPowerMW: number;
    readonly units: number;
    /** Domestic share of all purchases on the mandate's basis (units when there is no mandate). */
    readonly domesticShare: number | null;
  } | null;
  readonly binding: readonly BindingConstraint[];
  /** What the domestic mandate costs in objective terms: re-solved without it (min-cost: USD). */
  readonly mandateCost: number | null;
  /** For an infeasible plan: a minimal set of constraint groups that cannot hold together. */
  readonly conflicts: readonly { readonly group: string; readonly text: string }[] | null;
  readonly conditions: readonly {
    readonly chip: string;
    readonly period: string;
    readonly conditions: readonly string[];
  }[];
  readonly excluded: readonly { readonly chip: string; readonly reason: string }[];
  /** Capacity of one unit of each chip for each demand, as used in the model, and where it came from. */
  readonly capacities: readonly CapacityUsed[];
  readonly explanation: readonly string[];
  readonly solver: { readonly name: string; readonly ms: number; readonly solves: number };
}

export function formatUsd(x: number): string {
  const a = Math.abs(x);
  const sign = x < 0 ? "-" : "";
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${sign}$${(a / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${sign}$${(a / 1e3).toFixed(1)}k`;
  return `${sign}$${a.toFixed(2)}`;
}

function formatObjective(plan: Plan, x: number): string {
  if (plan.objective === "max-capacity") return `${x.toFixed(3)} × demand`;
  if (plan.objective === "min-foreign-dependence") return `${formatUsd(x)} of foreign spend`;
  return formatUsd(x);
}

const TOL = 1e-6;

/** Reads the units bought, rounding the integer columns. */
function units(result: SolveResult, j: number): number {
  return Math.max(0, Math.round(result.values[j] ?? 0));
}

function bindingConstraints(plan: Plan, model: PlanModel, relaxed: SolveResult): BindingConstraint[] {
  const duals = relaxed.duals ?? [];
  const out: BindingConstraint[] = [];
  const sense = model.lp.sense === "min" ? -1 : 1;
  const scale = Math.max(1, Math.abs(relaxed.objective));
  for (const [i, row] of model.lp.rows.entries()) {
    const meta = model.rows[i];
    const dual = duals[i] ?? 0;
    if (meta === undefined || meta.kind === "allocation") continue;
    const activity = relaxed.activities[i] ?? 0;
    const atUpper =
      row.upper !== Infinity && Math.abs(activity - row.upper) <= TOL * Math.max(1, Math.abs(row.upper));
    const atLower =
      row.lower !== -Infinity && Math.abs(activity - row.lower) <= TOL * Math.max(1, Math.abs(row.lower));
    if (!(atUpper || atLower)) continue;
    // Relaxing an upper bound raises it; relaxing a lower bound lowers it.
    const direction = atUpper && !atLower ? 1 : -1;
    const when = meta.period === undefined ? "" : ` in ${meta.period}`;
    let step = 1;
    let stepText = "";
    let text = "";
    const worth = (v: number) => formatObjective(plan, Math.abs(v));
    switch (meta.kind) {
      case "demand": {
        const d = model.demands.find((x) => x.id === meta.demand);
        step = d?.measure.step ?? 1;
        stepText =
          d?.kind === "train"
            ? `1% of the job (${step.toPrecision(3)} ${d.measure.unit})`
            : `${step.toLocaleString("en-US")} ${d?.measure.unit ?? ""}`;
        break;
      }
      case "budget":
        step = 1e6;
        stepText = "$1M of capex";
        break;
      case "power":
        step = 1;
        stepText = "1 MW";
        break;
      case "supply":
      case "licence":
      case "unavailable":
        step = 1;
        stepText = `1 unit of ${meta.chip ?? ""}`;
        break;
      case "mandate": {
        // d objective / d share = dual × (basis total), per percentage point.
        const s = plan.mandates?.domesticShareMin ?? 0;
        let total = 0;
        for (const [k, j] of row.indices.entries()) {
          const v = row.values[k] ?? 0;
          const x = relaxed.values[j] ?? 0;
          // Coefficients are (1-s)w (domestic) or -s w (foreign); recover w.
          total += (v > 0 ? v / (1 - s) : -v / s) * x;
        }
        step = total * 0.01;
        stepText = "1 percentage point of mandate";
        break;
      }
      default:
        break;
    }
    const value = sense * dual * step * direction;
    if (Math.abs(dual * step) <= 1e-9 * scale) continue;
    const group = model.groups.find((g) => g.id === meta.group);
    switch (meta.kind) {
      case "demand":
        text = `${group?.text ?? meta.group}: each extra ${stepText} costs ${worth(value)}`;
        break;
      case "mandate":
        text = `the ${Math.round((plan.mandates?.domesticShareMin ?? 0) * 100)}% domestic mandate${when}: each extra point costs ${worth(value)}`;
        break;
      case "unavailable":
        text = `${meta.chip} is unavailable${when}: one unit would be worth ${worth(value)}`;
        break;
      default:
        text = `${group?.text ?? meta.group}${when}: one more ${stepText.replace(/^1 /, "")} is worth ${worth(value)}`;
    }
    out.push({
      group: meta.group,
      kind: meta.kind,
      ...(meta.period === undefined ? {} : { period: meta.period }),
      ...(meta.chip === undefined ? {} : { chip: meta.chip }),
      shadowPrice: dual,
      valuePerStep: value,
      step: stepText,
      text,
    });
  }
  return out;
}

/**
 * Solves a plan: the MILP for purchases, its LP relaxation for shadow prices, a re-solve without the
 * mandate for its total cost, and for an infeasible plan a deletion filter over constraint groups
 * (drop each group in turn; keep it only if the rest becomes feasible without it) for a minimal
 * conflicting set. Pure given the solver.
 */
export function solvePlan(plan: Plan, inputs: PlanInputs, solver: Solver): PlanResult {
  const model = buildPlanModel(plan, inputs);
  const options = { timeLimitSec: plan.solver.timeLimitSec, mipGap: plan.solver.mipGap };
  let solves = 0;
  let ms = 0;
  const solve = (lp: typeof model.lp, relax = false): SolveResult => {
    const r = solver.solve(lp, relax ? { ...options, relax } : options);
    solves++;
    ms += r.ms;
    return r;
  };
  // The MILPs go through solveMilp (reduced-cost fixing from the relaxation, same optimum and gap);
  // the relaxation is solved once for it and for the shadow prices.
  const relaxed = solve(model.lp, true);
  const solveExact = (lp: typeof model.lp, relaxation?: SolveResult): SolveResult => {
    const r = solveMilp(solver, lp, options, relaxation);
    solves += r.stats.solves;
    ms += r.ms;
    return r;
  };
  const main = solveExact(model.lp, relaxed);
  const conditions = model.chips.flatMap((c, ci) =>
    model.periods.flatMap((p, pi) => {
      const a = model.availability[ci]?.[pi];
      return a?.available && a.conditions.length > 0
        ? [{ chip: c.id, period: p, conditions: a.conditions }]
        : [];
    }),
  );
  const capacities: CapacityUsed[] = model.demands.flatMap((d, di) =>
    model.chips.map((c, ci): CapacityUsed => {
      const dm = plan.demand[di];
      const perUnit = model.capacity[ci]?.[di] ?? 0;
      const detail = (dm === undefined ? undefined : inputs.capacityDetail?.(c, dm)) ?? {
        perUnit,
        source: "stand-in" as const,
        calibrated: false,
      };
      return { demand: d.id, chip: c.id, unit: d.measure.unit, ...detail, perUnit };
    }),
  );
  const base = {
    objectiveKind: plan.objective,
    conditions,
    excluded: inputs.excluded,
    capacities,
  };
  if (
    main.status === "infeasible" ||
    main.status === "limit" ||
    main.status === "unbounded" ||
    main.status === "error"
  ) {
    let conflicts: { group: string; text: string }[] | null = null;
    const explanation: string[] = [];
    if (main.status === "infeasible") {
      const dropped = new Set<string>();
      for (const g of model.groups) {
        dropped.add(g.id);
        const r = solve(withoutGroups(model, dropped, true));
        if (r.status !== "infeasible") dropped.delete(g.id);
      }
      conflicts = model.groups.filter((g) => !dropped.has(g.id)).map((g) => ({ group: g.id, text: g.text }));
      explanation.push(
        `infeasible: these ${conflicts.length} constraints cannot all hold (drop any one and the rest can):`,
        ...conflicts.map((c) => `  - ${c.text}`),
      );
    } else
      explanation.push(
        `no plan: the solver says ${main.status}${main.message === undefined ? "" : ` (${main.message})`}`,
      );
    return {
      ...base,
      status: main.status === "limit" ? "error" : main.status,
      objective: null,
      gap: null,
      purchases: [],
      periods: [],
      demands: [],
      totals: null,
      binding: [],
      mandateCost: null,
      conflicts,
      explanation,
      solver: { name: solver.name, ms, solves },
    };
  }

  const purchases: Purchase[] = [];
  for (const [pi, p] of model.periods.entries())
    for (const [ci, c] of model.chips.entries()) {
      const n = units(main, model.buy[ci]?.[pi] ?? -1);
      if (n === 0) continue;
      const price = model.unitPrice[ci]?.[pi] ?? 0;
      purchases.push({ period: p, chip: c.id, units: n, unitPriceUsd: price, capexUsd: n * price });
    }
  const basis = plan.mandates?.basis ?? "units";
  const weight = (ci: number, pi: number) => {
    const c = model.chips[ci];
    if (c === undefined) return 0;
    return basis === "units" ? 1 : basis === "spend" ? (model.unitPrice[ci]?.[pi] ?? 0) : c.computeTflops;
  };
  let domesticAll = 0;
  let basisAll = 0;
  let energyBought = 0;
  let peak = 0;
  const fleet = model.chips.map((_, ci) => model.existing[ci] ?? 0);
  const periods: PeriodSummary[] = model.periods.map((p, pi) => {
    let capex = 0;
    let dom = 0;
    let all = 0;
    for (const [ci, c] of model.chips.entries()) {
      const n = units(main, model.buy[ci]?.[pi] ?? -1);
      fleet[ci] = (fleet[ci] ?? 0) + n;
      capex += n * (model.unitPrice[ci]?.[pi] ?? 0);
      energyBought += n * (model.energyUsd[ci]?.[pi] ?? 0);
      const w = n * weight(ci, pi);
      all += w;
      if (c.domestic) dom += w;
    }
    domesticAll += dom;
    basisAll += all;
    const power = model.chips.reduce((s, _, ci) => s + (fleet[ci] ?? 0) * (model.powerMW[ci] ?? 0), 0);
    peak = Math.max(peak, power);
    const hours = model.periods.length > 0 ? (p.includes("Q") ? 2190 : 8760) : 0;
    return {
      period: p,
      capexUsd: capex,
      energyUsd: power * 1000 * hours * plan.energy.usdPerKWh,
      powerMW: power,
      fleet: Object.fromEntries(
        model.chips.flatMap((c, ci) => ((fleet[ci] ?? 0) > 0 ? [[c.id, fleet[ci] ?? 0]] : [])),
      ),
      domesticShare: all > 0 ? dom / all : null,
    };
  });
  const demands: DemandOutcome[] = model.demands.map((d, di) => {
    const pi = model.periods.indexOf(d.period);
    const byChip: Record<string, number> = {};
    let achieved = 0;
    let fleetCapacity = 0;
    for (const [ci, c] of model.chips.entries()) {
      const cap = model.capacity[ci]?.[di] ?? 0;
      const j = model.alloc[ci]?.[di] ?? -1;
      const a = model.direct[di] ? (periods[pi]?.fleet[c.id] ?? 0) : j < 0 ? 0 : (main.values[j] ?? 0);
      if (a * cap > TOL) byChip[c.id] = a * cap;
      achieved += a * cap;
      fleetCapacity += cap * (periods[pi]?.fleet[c.id] ?? 0);
    }
    return {
      id: d.id,
      period: d.period,
      kind: d.kind,
      unit: d.measure.unit,
      required: d.measure.required,
      achieved,
      fleetCapacity,
      byChip,
    };
  });
  const capexTotal = purchases.reduce((s, x) => s + x.capexUsd, 0);

  const binding = relaxed.status === "optimal" ? bindingConstraints(plan, model, relaxed) : [];
  let mandateCost: number | null = null;
  if (binding.some((b) => b.kind === "mandate")) {
    const without = solveExact(withoutGroups(model, new Set(["mandate"])));
    if (without.status === "optimal" || without.status === "feasible")
      mandateCost =
        model.lp.sense === "min" ? main.objective - without.objective : without.objective - main.objective;
  }
  const gap = main.gap ?? 0;
  const explanation = [
    `${main.status === "optimal" ? "optimal" : `feasible (gap ${(gap * 100).toFixed(3)}%)`}: ${plan.objective} = ${formatObjective(plan, main.objective)}`,
    `buy ${purchases.map((x) => `${x.units.toLocaleString("en-US")} ${x.chip} in ${x.period}`).join(", ") || "nothing"}`,
    `capex ${formatUsd(capexTotal)}, energy of new units ${formatUsd(energyBought)}, peak power ${peak.toFixed(1)} MW, domestic share ${basisAll > 0 ? `${((domesticAll / basisAll) * 100).toFixed(1)}% of ${basis}` : "n/a"}`,
    ...binding.map((b) => `binding: ${b.text}`),
    ...(mandateCost === null
      ? []
      : [`the domestic mandate costs ${formatObjective(plan, mandateCost)} in all (re-solved without it)`]),
  ];
  return {
    ...base,
    status: main.status === "optimal" ? "optimal" : "feasible",
    objective: main.objective,
    gap,
    purchases,
    periods,
    demands,
    totals: {
      capexUsd: capexTotal,
      energyUsd: energyBought,
      tcoUsd: capexTotal + energyBought,
      peakPowerMW: peak,
      units: purchases.reduce((s, x) => s + x.units, 0),
      domesticShare: basisAll > 0 ? domesticAll / basisAll : null,
    },
    binding,
    mandateCost,
    conflicts: null,
    explanation,
    solver: { name: solver.name, ms, solves },
  };
}
