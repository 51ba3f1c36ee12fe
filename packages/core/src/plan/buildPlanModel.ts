import type { LinearProgram, LpRow, LpVariable } from "./linearProgram.js";
import type { ChipAvailability, DemandMeasure, PlanChip, PlanInputs } from "./planInputs.js";
import { atPeriod, type Demand, demandId, type Plan, periodHours, planPeriods } from "./planSchema.js";

/** What a row of the plan model stands for. */
export type RowKind =
  | "demand"
  | "allocation"
  | "budget"
  | "power"
  | "supply"
  | "licence"
  | "unavailable"
  | "mandate";

export interface RowMeta {
  readonly kind: RowKind;
  /** Constraint group, the unit of the conflict search (`structure` rows are never dropped). */
  readonly group: string;
  readonly period?: string;
  readonly chip?: string;
  readonly demand?: string;
}

/** A constraint group in words, for conflicts ("the power cap of 80 MW"). */
export interface ConstraintGroup {
  readonly id: string;
  readonly kind: RowKind;
  readonly text: string;
}

export interface PlanDemand {
  readonly id: string;
  readonly period: string;
  readonly kind: "serve" | "train";
  readonly measure: DemandMeasure;
}

/** The MILP of a plan with the index maps needed to read a solution back. */
export interface PlanModel {
  readonly lp: LinearProgram;
  readonly rows: readonly RowMeta[];
  readonly groups: readonly ConstraintGroup[];
  readonly periods: readonly string[];
  readonly chips: readonly PlanChip[];
  readonly demands: readonly PlanDemand[];
  /** `buy[c][p]`: column of the units of chip `c` bought in period `p`. */
  readonly buy: readonly (readonly number[])[];
  /** `alloc[c][d]`: column of the units of chip `c` assigned to demand `d`, or -1 when it cannot serve it. */
  readonly alloc: readonly (readonly number[])[];
  /**
   * `direct[d]`: the demand is its period's only one, so the whole fleet serves it and its row reads the
   * `buy` columns directly (no allocation columns or rows).
   */
  readonly direct: readonly boolean[];
  /** `capacity[c][d]`: capacity of one unit. */
  readonly capacity: readonly (readonly number[])[];
  /** `availability[c][p]`. */
  readonly availability: readonly (readonly ChipAvailability[])[];
  /** `unitPrice[c][p]`: price × multiplier. */
  readonly unitPrice: readonly (readonly number[])[];
  /** `energyUsd[c][p]`: energy cost of one unit bought in `p`, over the rest of the horizon. */
  readonly energyUsd: readonly (readonly number[])[];
  /** `powerMW[c]`: facility MW of one unit (TDP × PUE). */
  readonly powerMW: readonly number[];
  readonly existing: readonly number[];
}

const usd = (x: number) =>
  x >= 1e9
    ? `$${(x / 1e9).toFixed(2)}B`
    : x >= 1e6
      ? `$${(x / 1e6).toFixed(1)}M`
      : `$${Math.round(x).toLocaleString("en-US")}`;

/** The weight of one unit of a chip in the mandate's basis. */
function basisWeight(plan: Plan, chip: PlanChip, price: number): number {
  const basis = plan.mandates?.basis ?? "units";
  return basis === "units" ? 1 : basis === "spend" ? price : chip.computeTflops;
}

/**
 * Builds the MILP of a plan:
 * - `buy[c,p]` integer units bought; the fleet of period p is existing + Σ_{q≤p} buy[c,q] (no retirement);
 * - `alloc[c,d]` continuous units of the fleet assigned to demand d (chips may be split across a period's
 *   demands); `Σ_d alloc[c,d] ≤ fleet[c,p]`;
 * - demand: Σ_c capacity[c,d]·alloc[c,d] ≥ required(d); where d is its period's only demand the whole
 *   fleet serves it and the row is Σ_c capacity[c,d]·Σ_{q≤p} buy[c,q] ≥ required(d) − Σ_c capacity·existing
 *   (the same optimum with fewer columns and rows: an allocation would take the whole fleet anyway);
 * - budget: Σ price·mult·buy ≤ capex (total, or per period); power: Σ TDP·PUE·fleet ≤ MW per period;
 * - supply and licence caps: buy[c,p] ≤ max units; unavailable chips: buy[c,p] ≤ 0;
 * - mandate: Σ_domestic w·buy ≥ share · Σ w·buy per period, w = 1 (units), unit price (spend) or dense
 *   TFLOPS (compute);
 * - objective: min-cost = capex + energy of each unit from the period it is bought to the horizon's end;
 *   max-capacity = Σ_d achieved/required; min-foreign-dependence = foreign capex (+0.1% of domestic capex
 *   to break ties).
 */
export function buildPlanModel(plan: Plan, inputs: PlanInputs): PlanModel {
  const periods = planPeriods(plan);
  const chips = inputs.chips;
  const hoursFrom = periods.map((_, i) => periods.slice(i).reduce((s, p) => s + periodHours(p), 0));
  const demands: PlanDemand[] = plan.demand.map((d: Demand, i) => ({
    id: demandId(d, i),
    period: d.period,
    kind: "serve" in d ? "serve" : "train",
    measure: inputs.measure(d),
  }));
  const variables: LpVariable[] = [];
  const rows: LpRow[] = [];
  const meta: RowMeta[] = [];
  const groups = new Map<string, ConstraintGroup>();
  const addRow = (row: LpRow, m: RowMeta, text: string) => {
    rows.push(row);
    meta.push(m);
    if (!groups.has(m.group)) groups.set(m.group, { id: m.group, kind: m.kind, text });
  };

  const availability = chips.map((c) => periods.map((p) => inputs.availability(c, p)));
  const unitPrice = chips.map((c, ci) =>
    periods.map((_, pi) => c.priceUsd * (availability[ci]?.[pi]?.priceMultiplier ?? 1)),
  );
  const powerMW = chips.map((c) => (c.tdpW * plan.energy.pue) / 1e6);
  const energyUsd = chips.map((_, ci) =>
    periods.map((_, pi) => (powerMW[ci] ?? 0) * 1000 * (hoursFrom[pi] ?? 0) * plan.energy.usdPerKWh),
  );
  const existing = chips.map((c) => plan.existingFleet[c.id] ?? 0);
  const capacity = chips.map((c) => plan.demand.map((d) => Math.max(0, inputs.capacity(c, d))));
  const foreignTieBreak = 1e-3;

  const buy = chips.map((c, ci) =>
    periods.map((_, pi) => {
      const price = unitPrice[ci]?.[pi] ?? 0;
      const cost =
        plan.objective === "min-cost"
          ? price + (energyUsd[ci]?.[pi] ?? 0)
          : plan.objective === "min-foreign-dependence"
            ? c.domestic
              ? price * foreignTieBreak
              : price
            : 0;
      variables.push({
        name: `buy_${ci}_${pi}`,
        cost,
        lower: 0,
        upper: c.candidate ? Infinity : 0,
        integer: true,
      });
      return variables.length - 1;
    }),
  );
  const perPeriod = new Map<string, number>();
  for (const d of demands) perPeriod.set(d.period, (perPeriod.get(d.period) ?? 0) + 1);
  const direct = demands.map((d) => perPeriod.get(d.period) === 1);
  const alloc = chips.map((_, ci) =>
    demands.map((d, di) => {
      const cap = capacity[ci]?.[di] ?? 0;
      if (!(cap > 0) || direct[di]) return -1;
      variables.push({
        name: `alloc_${ci}_${di}`,
        cost: plan.objective === "max-capacity" ? cap / d.measure.required : 0,
        lower: 0,
        upper: Infinity,
        integer: false,
      });
      return variables.length - 1;
    }),
  );
  const fleetTerms = (ci: number, pi: number) => (buy[ci] ?? []).slice(0, pi + 1);

  // Demand rows.
  let offset = 0;
  for (const [di, d] of demands.entries()) {
    const indices: number[] = [];
    const values: number[] = [];
    if (direct[di]) {
      const pi = periods.indexOf(d.period);
      let served = 0;
      for (const ci of chips.keys()) {
        const cap = capacity[ci]?.[di] ?? 0;
        if (!(cap > 0)) continue;
        served += cap * (existing[ci] ?? 0);
        for (const j of fleetTerms(ci, pi)) {
          indices.push(j);
          values.push(cap);
          // max-capacity: achieved/required of the whole fleet, existing units as a constant
          if (plan.objective === "max-capacity") {
            const v = variables[j] as LpVariable;
            variables[j] = { ...v, cost: v.cost + cap / d.measure.required };
          }
        }
      }
      if (plan.objective === "max-capacity") offset += served / d.measure.required;
      addRow(
        { name: `demand_${di}`, lower: d.measure.required - served, upper: Infinity, indices, values },
        { kind: "demand", group: `demand:${d.id}`, period: d.period, demand: d.id },
        d.measure.text,
      );
      continue;
    }
    for (const ci of chips.keys()) {
      const j = alloc[ci]?.[di] ?? -1;
      if (j < 0) continue;
      indices.push(j);
      values.push(capacity[ci]?.[di] ?? 0);
    }
    addRow(
      { name: `demand_${di}`, lower: d.measure.required, upper: Infinity, indices, values },
      { kind: "demand", group: `demand:${d.id}`, period: d.period, demand: d.id },
      d.measure.text,
    );
  }
  // Allocation rows: Σ_d alloc − Σ_{q≤p} buy ≤ existing.
  for (const [ci, c] of chips.entries()) {
    for (const [pi, p] of periods.entries()) {
      const ds = demands.flatMap((d, di) => (d.period === p && (alloc[ci]?.[di] ?? -1) >= 0 ? [di] : []));
      if (ds.length === 0) continue;
      const buys = fleetTerms(ci, pi);
      addRow(
        {
          name: `alloc_${ci}_${pi}`,
          lower: -Infinity,
          upper: existing[ci] ?? 0,
          indices: [...ds.map((di) => alloc[ci]?.[di] ?? 0), ...buys],
          values: [...ds.map(() => 1), ...buys.map(() => -1)],
        },
        { kind: "allocation", group: "structure", period: p, chip: c.id },
        "fleet allocation",
      );
    }
  }
  // Budget.
  const capex = plan.budget?.capexUsd;
  if (typeof capex === "number") {
    const cols = buy.flat();
    addRow(
      {
        name: "budget",
        lower: -Infinity,
        upper: capex,
        indices: cols,
        values: chips.flatMap((_, ci) => periods.map((_, pi) => unitPrice[ci]?.[pi] ?? 0)),
      },
      { kind: "budget", group: "budget" },
      `the capex budget of ${usd(capex)} over the horizon`,
    );
  } else if (capex !== undefined) {
    for (const [pi, p] of periods.entries()) {
      const limit = capex[p];
      if (limit === undefined) continue;
      addRow(
        {
          name: `budget_${pi}`,
          lower: -Infinity,
          upper: limit,
          indices: chips.map((_, ci) => buy[ci]?.[pi] ?? 0),
          values: chips.map((_, ci) => unitPrice[ci]?.[pi] ?? 0),
        },
        { kind: "budget", group: "budget", period: p },
        `the capex budget per period (${Object.entries(capex)
          .map(([k, v]) => `${k}: ${usd(v)}`)
          .join(", ")})`,
      );
    }
  }
  // Power, in MW, per period.
  for (const [pi, p] of periods.entries()) {
    const limit = atPeriod(plan.powerMW, p);
    if (limit === undefined) continue;
    const base = chips.reduce((s, _, ci) => s + (powerMW[ci] ?? 0) * (existing[ci] ?? 0), 0);
    const indices = chips.flatMap((_, ci) => fleetTerms(ci, pi));
    const values = chips.flatMap((_, ci) => fleetTerms(ci, pi).map(() => powerMW[ci] ?? 0));
    addRow(
      { name: `power_${pi}`, lower: -Infinity, upper: limit - base, indices, values },
      { kind: "power", group: "power", period: p },
      typeof plan.powerMW === "number"
        ? `the power cap of ${plan.powerMW} MW (TDP × PUE ${plan.energy.pue}, existing fleet included)`
        : "the power caps per period (TDP × PUE, existing fleet included)",
    );
  }
  // Supply, licence caps and unavailability, per chip and period.
  for (const [ci, c] of chips.entries()) {
    if (!c.candidate) continue;
    for (const [pi, p] of periods.entries()) {
      const j = buy[ci]?.[pi] ?? 0;
      const supply = atPeriod(plan.supply[c.id]?.maxUnits, p);
      if (supply !== undefined)
        addRow(
          { name: `supply_${ci}_${pi}`, lower: -Infinity, upper: supply, indices: [j], values: [1] },
          { kind: "supply", group: `supply:${c.id}`, period: p, chip: c.id },
          `the supply of ${c.id} (${JSON.stringify(plan.supply[c.id]?.maxUnits)} units)`,
        );
      const a = availability[ci]?.[pi];
      if (a !== undefined && !a.available)
        addRow(
          { name: `unavailable_${ci}_${pi}`, lower: -Infinity, upper: 0, indices: [j], values: [1] },
          { kind: "unavailable", group: `unavailable:${c.id}`, period: p, chip: c.id },
          `${c.id} being unavailable (${a.reason ?? "policy"})`,
        );
      else if (a?.maxUnits !== undefined)
        addRow(
          { name: `licence_${ci}_${pi}`, lower: -Infinity, upper: a.maxUnits, indices: [j], values: [1] },
          { kind: "licence", group: `licence:${c.id}`, period: p, chip: c.id },
          `the licence volume cap on ${c.id}`,
        );
    }
  }
  // Domestic-share mandate on each period's purchases.
  const mandate = plan.mandates;
  if (mandate !== undefined && mandate.domesticShareMin > 0) {
    const s = mandate.domesticShareMin;
    for (const [pi, p] of periods.entries()) {
      const cols = chips.flatMap((c, ci) => (c.candidate ? [ci] : []));
      addRow(
        {
          name: `mandate_${pi}`,
          lower: 0,
          upper: Infinity,
          indices: cols.map((ci) => buy[ci]?.[pi] ?? 0),
          values: cols.map((ci) => {
            const c = chips[ci] as PlanChip;
            const w = basisWeight(plan, c, unitPrice[ci]?.[pi] ?? 0);
            return c.domestic ? (1 - s) * w : -s * w;
          }),
        },
        { kind: "mandate", group: "mandate", period: p },
        `the ${Math.round(s * 100)}% domestic-share mandate (${mandate.basis})`,
      );
    }
  }

  return {
    lp: { sense: plan.objective === "max-capacity" ? "max" : "min", offset, variables, rows },
    rows: meta,
    groups: [...groups.values()].filter((g) => g.id !== "structure"),
    periods,
    chips,
    demands,
    buy,
    alloc,
    direct,
    capacity,
    availability,
    unitPrice,
    energyUsd,
    powerMW,
    existing,
  };
}

/** The model without the rows of the given groups (for the conflict search and what-ifs). */
export function withoutGroups(
  model: PlanModel,
  drop: ReadonlySet<string>,
  zeroObjective = false,
): LinearProgram {
  const lp = model.lp;
  return {
    ...lp,
    variables: zeroObjective ? lp.variables.map((v) => ({ ...v, cost: 0 })) : lp.variables,
    rows: lp.rows.filter((_, i) => !drop.has(model.rows[i]?.group ?? "")),
  };
}
