import { readFile } from "node:fs/promises";
import type { Command } from "@commander-js/extra-typings";
import {
  CHINA_STANCES,
  type CompareSpec,
  defaultPlanInputs,
  formatUsd,
  type PlanIssue,
  type PlanResult,
  parseCompare,
  parsePlan,
  perfPlanInputs,
  policyPlanInputs,
  type Solver,
  setPath,
  solvePlan,
} from "@dualtrack/core";
import { loadHighsSolver } from "@dualtrack/solver";
import { parse } from "yaml";
import { requireCatalog } from "../context.js";
import { CliError, type Io } from "../io.js";
import { type Column, renderTable } from "../render/table.js";
import { requirePolicies } from "./classifyCommand.js";
import { printJson } from "./output.js";
import { requirePerfData } from "./perfCommand.js";

async function readPlanFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parse(text);
  } catch (error) {
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
    throw new CliError(`${file}: cannot read YAML: ${message}`);
  }
}

function issuesError(file: string, issues: readonly PlanIssue[], label = ""): CliError {
  return new CliError(
    `${file}${label} is not a valid plan (${issues.length} issue${issues.length === 1 ? "" : "s"}):\n${issues
      .map((i) => `${file}: ${i.path}: ${i.message}`)
      .join("\n")}`,
  );
}

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? "" : `${(x * 100).toFixed(1)}%`;
const count = (x: number) => x.toLocaleString("en-US");

/** Per demand, the capacity of each chip bought (or of every chip when none was), and chips left at zero. */
function capacityLines(r: PlanResult): string[] {
  const bought = new Set(r.purchases.map((p) => p.chip));
  const lines: string[] = [];
  for (const d of r.demands) {
    const rows = r.capacities.filter((c) => c.demand === d.id);
    const used = rows.filter((c) => bought.has(c.chip) || (d.byChip[c.chip] ?? 0) > 0);
    lines.push(
      `  ${d.id}:`,
      ...used.map(
        (c) =>
          `    ${c.chip}: ${c.perUnit.toPrecision(4)} ${c.unit}${c.calibrated ? " *" : ""}${c.setting === undefined ? "" : ` (${c.setting})`}${c.reason === undefined ? "" : ` — ${c.reason}`}`,
      ),
    );
    const zero = rows.filter((c) => c.perUnit === 0 && !used.includes(c));
    if (zero.length > 0)
      lines.push(`    none from ${zero.map((c) => `${c.chip} (${c.reason ?? "no capacity"})`).join("; ")}`);
  }
  return lines;
}

/** The plan as text: what to buy, per-period totals, demands, binding constraints or conflicts. */
export function describePlan(r: PlanResult): string {
  const out: string[] = [r.explanation[0] ?? r.status, ""];
  if (r.status === "infeasible" || r.totals === null) {
    out.push(...r.explanation.slice(1));
  } else {
    const chips = [...new Set(r.purchases.map((p) => p.chip))].sort();
    const byPeriod = r.periods.map((p) => ({
      ...p,
      units: Object.fromEntries(
        r.purchases.filter((x) => x.period === p.period).map((x) => [x.chip, x.units]),
      ),
    }));
    type Row = (typeof byPeriod)[number];
    const columns: Column<Row>[] = [
      { header: "period", cell: (p) => p.period },
      ...chips.map(
        (c): Column<Row> => ({
          header: c,
          cell: (p) => (p.units[c] === undefined ? "" : count(p.units[c])),
          numeric: true,
        }),
      ),
      { header: "capex", cell: (p) => formatUsd(p.capexUsd), numeric: true },
      { header: "powerMW", cell: (p) => p.powerMW.toFixed(1), numeric: true },
      // the whole fleet's energy in the period, the existing units included
      { header: "fleetEnergy", cell: (p) => formatUsd(p.energyUsd), numeric: true },
      { header: "domestic", cell: (p) => pct(p.domesticShare), numeric: true },
    ];
    out.push("purchases (units) and totals per period:", renderTable(byPeriod, columns));
    out.push(
      // TCO counts what the plan decides: the purchases' capex and their energy to the horizon; the
      // existing fleet's energy (in the table's fleetEnergy column) is the same whatever is bought
      `total: ${count(r.totals.units)} units bought, capex ${formatUsd(r.totals.capexUsd)}, their energy ${formatUsd(r.totals.energyUsd)}, TCO ${formatUsd(r.totals.tcoUsd)} (the existing fleet's energy is not in it: fleetEnergy counts it), peak ${r.totals.peakPowerMW.toFixed(1)} MW, domestic ${pct(r.totals.domesticShare)}`,
      "",
      "demand:",
      ...r.demands.map(
        (d) =>
          `  ${d.id}: ${d.kind} ${d.achieved.toPrecision(4)} of ${d.required.toPrecision(4)} ${d.unit} (whole fleet: ${d.fleetCapacity.toPrecision(4)}) — ${Object.entries(
            d.byChip,
          )
            .map(([c, v]) => `${c} ${v.toPrecision(3)}`)
            .join(", ")}`,
      ),
      "",
      "capacity per unit (perf model; * = calibrated on measurements of this chip or family):",
      ...capacityLines(r),
      "",
      r.binding.length === 0
        ? "no binding constraints"
        : "binding constraints (LP relaxation shadow prices):",
      ...r.binding.map((b) => `  - ${b.text}`),
    );
    if (r.mandateCost !== null)
      out.push(`  - dropping the domestic mandate would save ${formatUsd(r.mandateCost)} in all`);
  }
  if (r.conditions.length > 0)
    out.push(
      "",
      "conditions:",
      ...r.conditions.map((c) => `  ${c.chip} ${c.period}: ${c.conditions.join("; ")}`),
    );
  if (r.excluded.length > 0)
    out.push("", "excluded candidates:", ...r.excluded.map((e) => `  ${e.chip}: ${e.reason}`));
  out.push("", `solver: ${r.solver.name}, ${r.solver.solves} solves, ${r.solver.ms.toFixed(0)} ms`);
  return `${out.join("\n")}\n`;
}

/** Variants side by side: one column per value of the compared key. */
export function describeComparison(spec: CompareSpec, results: readonly PlanResult[]): string {
  const chips = [...new Set(results.flatMap((r) => r.purchases.map((p) => p.chip)))].sort();
  type Row = { label: string; cells: string[] };
  const rows: Row[] = [
    { label: "status", cells: results.map((r) => r.status) },
    {
      label: "objective",
      cells: results.map((r) =>
        r.objective === null
          ? ""
          : r.objectiveKind === "max-capacity"
            ? r.objective.toFixed(3)
            : formatUsd(r.objective),
      ),
    },
    { label: "capex", cells: results.map((r) => (r.totals === null ? "" : formatUsd(r.totals.capexUsd))) },
    { label: "TCO", cells: results.map((r) => (r.totals === null ? "" : formatUsd(r.totals.tcoUsd))) },
    {
      label: "peak MW",
      cells: results.map((r) => (r.totals === null ? "" : r.totals.peakPowerMW.toFixed(1))),
    },
    { label: "domestic", cells: results.map((r) => pct(r.totals?.domesticShare)) },
    ...chips.map((c) => ({
      label: `units ${c}`,
      cells: results.map((r) => {
        const n = r.purchases.filter((p) => p.chip === c).reduce((s, p) => s + p.units, 0);
        return n === 0 ? "" : count(n);
      }),
    })),
    {
      label: "mandate cost",
      cells: results.map((r) => (r.mandateCost === null ? "" : formatUsd(r.mandateCost))),
    },
    {
      label: "binding",
      cells: results.map((r) =>
        r.status === "infeasible"
          ? `conflict: ${(r.conflicts ?? []).map((c) => c.group).join(", ")}`
          : [...new Set(r.binding.map((b) => b.kind))].join(", "),
      ),
    },
  ];
  const columns: Column<Row>[] = [
    { header: spec.key, cell: (r) => r.label },
    ...spec.labels.map((l, i): Column<Row> => ({ header: l, cell: (r) => r.cells[i] ?? "", numeric: true })),
  ];
  return renderTable(rows, columns);
}

let solverPromise: Promise<Solver> | undefined;

/** Registers `plan <file> [--json] [--compare key=v1,v2,…]`. */
export function registerPlanCommand(program: Command, io: Io, dataDir: () => string | undefined): void {
  program
    .command("plan")
    .description("optimal chip purchases under licences, mandates, supply, budget and power (MILP, HiGHS)")
    .argument("<file>", "plan file (YAML), e.g. examples/plans/cn-hyperscaler-2026.yaml")
    .option("--json", "print JSON")
    .option(
      "--compare <key=values>",
      "solve variants side by side, e.g. mandates.domesticShareMin=0.3,0.5,0.7 or licences.h200-sxm=true,false",
    )
    .option(
      "--china-stance <stance>",
      "how to read China's reported import gates for chips without a licences: entry (strict | permissive)",
      "strict",
    )
    .action(async (file, options) => {
      const stance = CHINA_STANCES.find((s) => s === options.chinaStance);
      if (stance === undefined)
        throw new CliError(
          `--china-stance: expected one of ${CHINA_STANCES.join(", ")} (got '${options.chinaStance}')`,
        );
      const raw = await readPlanFile(file);
      let spec: CompareSpec | undefined;
      try {
        spec = options.compare === undefined ? undefined : parseCompare(options.compare);
      } catch (error) {
        throw new CliError(error instanceof Error ? error.message : String(error));
      }
      const variants =
        spec === undefined
          ? [{ label: "", data: raw }]
          : spec.labels.map((label, i) => ({
              label,
              data: setPath(raw, spec.path, spec.values[i]),
            }));
      const plans = variants.map((v) => {
        const parsed = parsePlan(v.data);
        if (parsed.plan === undefined)
          throw issuesError(file, parsed.issues, spec === undefined ? "" : ` with ${spec.key}=${v.label}`);
        return parsed.plan;
      });
      const catalog = await requireCatalog(dataDir());
      const rules = await requirePolicies(dataDir(), new Set(catalog.sources.map((s) => s.id)));
      const perf = await requirePerfData(dataDir(), catalog);
      solverPromise ??= loadHighsSolver();
      const solver: Solver = await solverPromise;
      const results = plans.map((plan, i) => {
        const { inputs, issues } = defaultPlanInputs(catalog, plan);
        if (issues.length > 0)
          throw issuesError(
            file,
            issues,
            spec === undefined ? "" : ` with ${spec.key}=${variants[i]?.label ?? ""}`,
          );
        const withPolicy = policyPlanInputs(inputs, plan, catalog.chips, rules, stance);
        return solvePlan(plan, perfPlanInputs(withPolicy, catalog, perf), solver);
      });
      if (spec === undefined) {
        const [result] = results;
        if (result === undefined) return;
        if (options.json === true) printJson(io, result);
        else io.out(describePlan(result));
        return;
      }
      if (options.json === true)
        printJson(io, {
          compare: spec.key,
          variants: results.map((result, i) => ({ value: spec.values[i], label: spec.labels[i], result })),
        });
      else io.out(describeComparison(spec, results));
    });
}
