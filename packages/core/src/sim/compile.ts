import { quarterIndex, quarterRange } from "./quarter.js";
import { ORIGINS, type Origin, type Scenario } from "./scenario.js";

/** How an output aggregates over a period: flows are summed, stocks read at the period's last quarter. */
export type OutputKind = "flow" | "stock";

export interface OutputSpec {
  readonly name: string;
  readonly unit: string;
  readonly kind: OutputKind;
}

/** Links of the domestic chain that can bind; `none` when no domestic line produces. */
export const BINDING_LINKS = ["none", "dies", "packaging", "hbm"] as const;
export type BindingLink = (typeof BINDING_LINKS)[number];

/** A scenario prepared for fast replication: quarter indices and the output layout. */
export interface CompiledScenario {
  readonly scenario: Scenario;
  readonly quarters: readonly string[];
  /** Quarter index (2000Q1 = 0) of `quarters[0]`. */
  readonly q0: number;
  readonly outputs: readonly OutputSpec[];
  readonly outputIndex: ReadonlyMap<string, number>;
  readonly vendors: readonly string[];
  /** Output tokens/s per chip, `servingRates[model][product]` (0 where the model does not fit). */
  readonly servingRates: readonly (readonly number[])[];
}

/** Per-chip output tokens/s by model id and product id, from the perf model (I/O-free callers pass it in). */
export type ServingRates = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** The output series of a scenario, in a stable order. */
export function outputSpecs(s: Scenario): OutputSpec[] {
  const out: OutputSpec[] = [];
  const add = (name: string, unit: string, kind: OutputKind) => out.push({ name, unit, kind });
  const origins: readonly (Origin | "total")[] = ["total", ...ORIGINS];
  for (const o of origins) add(`installedH100e.${o}`, "H100e", "stock");
  for (const o of origins) add(`installedPflopsBf16.${o}`, "PFLOPS", "stock");
  add("domesticShare", "fraction", "stock");
  add("purchasesH100e.total", "H100e", "flow");
  add("domesticShareOfPurchases", "fraction", "stock");
  add("selfSufficiency", "fraction", "stock");
  for (const p of s.products) add(`units.${p.id}`, "units", "flow");
  for (const p of s.products) if (p.chain !== undefined) add(`production.${p.id}`, "units", "flow");
  for (const v of vendorsOf(s)) add(`vendorUnits.${v}`, "units", "flow");
  for (const v of vendorsOf(s)) add(`vendorRevenueUsd.${v}`, "USD", "flow");
  add("usReceiptsUsd", "USD", "flow");
  add("unmetDemandH100e", "H100e", "flow");
  add("hbmStockpileStacks", "stacks", "stock");
  add("dieBankDies", "dies", "stock");
  for (const m of s.serving?.models ?? []) add(`servingTokensPerSec.${m}`, "tokens/s", "stock");
  return out;
}

function vendorsOf(s: Scenario): string[] {
  return [...new Set(s.products.map((p) => p.vendor))];
}

/** Checks cross-references and prepares the layout; throws an Error listing every problem. */
export function compileScenario(scenario: Scenario, servingRates: ServingRates = {}): CompiledScenario {
  const problems: string[] = [];
  const productIds = new Set(scenario.products.map((p) => p.id));
  const firmIds = new Set(scenario.firms.map((f) => f.id));
  if (productIds.size !== scenario.products.length) problems.push("product ids must be unique");
  if (firmIds.size !== scenario.firms.length) problems.push("firm ids must be unique");
  for (const p of scenario.products) {
    if (p.origin === "domestic" && p.chain === undefined)
      problems.push(`product ${p.id}: domestic needs a chain`);
    if (p.origin !== "domestic" && p.supply === undefined)
      problems.push(`product ${p.id}: needs a supply path`);
  }
  const effects = [
    ...scenario.policy.timeline.map((e) => ({ id: e.id, e })),
    ...scenario.policy.events.map((e) => ({ id: e.id, e })),
  ];
  for (const { id, e } of effects) {
    for (const p of e.products ?? [])
      if (!productIds.has(p)) problems.push(`policy ${id}: unknown product ${p}`);
    for (const f of e.mandate?.firms ?? [])
      if (!firmIds.has(f)) problems.push(`policy ${id}: unknown firm ${f}`);
  }
  for (const p of Object.keys(scenario.serving?.chips ?? {}))
    if (!productIds.has(p)) problems.push(`serving.chips: unknown product ${p}`);
  const q0 = quarterIndex(scenario.start);
  if (quarterIndex(scenario.end) < q0) problems.push("end is before start");
  if (problems.length > 0) throw new Error(`invalid scenario ${scenario.id}: ${problems.join("; ")}`);
  const outputs = outputSpecs(scenario);
  return {
    scenario,
    quarters: quarterRange(scenario.start, scenario.end),
    q0,
    outputs,
    outputIndex: new Map(outputs.map((o, i) => [o.name, i])),
    vendors: vendorsOf(scenario),
    servingRates: (scenario.serving?.models ?? []).map((m) =>
      scenario.products.map((p) => Math.max(0, servingRates[m]?.[p.id] ?? 0)),
    ),
  };
}
