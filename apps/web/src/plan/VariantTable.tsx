import * as Plot from "@observablehq/plot";
import { PlotFigure } from "../components/PlotFigure.js";
import { formatValue } from "../lib/columns.js";
import { toCsv } from "../lib/csv.js";
import { download } from "../lib/download.js";
import type { PlanResult, Solved } from "./PlannerView.js";

/** The rows of the side-by-side table: a label and how to read it from one solved variant. */
const METRICS: readonly { key: string; label: string; cell: (r: PlanResult) => number | string | null }[] = [
  { key: "status", label: "Status", cell: (r) => r.status },
  { key: "objective", label: "Objective", cell: (r) => r.objective },
  { key: "capex_usd", label: "Capex (USD)", cell: (r) => r.totals?.capexUsd ?? null },
  { key: "energy_usd", label: "Energy (USD)", cell: (r) => r.totals?.energyUsd ?? null },
  { key: "tco_usd", label: "TCO (USD)", cell: (r) => r.totals?.tcoUsd ?? null },
  { key: "units", label: "Units", cell: (r) => r.totals?.units ?? null },
  { key: "peak_power_mw", label: "Peak power (MW)", cell: (r) => r.totals?.peakPowerMW ?? null },
  { key: "domestic_share", label: "Domestic share", cell: (r) => r.totals?.domesticShare ?? null },
  {
    key: "binding",
    label: "Binding constraints",
    cell: (r) => [...new Set(r.binding.map((b) => b.group))].join(", "),
  },
];

const shown = (v: number | string | null, key: string): string => {
  if (v === null) return "—";
  if (typeof v === "string") return v === "" ? "none" : v;
  if (key === "domestic_share") return `${formatValue(v * 100)}%`;
  if (key.endsWith("_usd"))
    return Math.abs(v) >= 1e9 ? `$${formatValue(v / 1e9)}B` : `$${formatValue(v / 1e6)}M`;
  return formatValue(v);
};

/** Variants of one plan solved side by side (one column each), with each one's units by chip charted. */
export function VariantTable(props: {
  readonly compareKey: string;
  readonly rows: readonly { label: string; solved: Solved }[];
}) {
  const { rows, compareKey } = props;
  const unitsByChip = rows.flatMap(({ label, solved }) => {
    if (solved.kind !== "done") return [];
    const sums = new Map<string, number>();
    for (const p of solved.result.purchases) sums.set(p.chip, (sums.get(p.chip) ?? 0) + p.units);
    return [...sums].map(([chip, units]) => ({ variant: label.slice(compareKey.length + 1), chip, units }));
  });
  const csv = () =>
    download(
      "plan-variants.csv",
      "text/csv",
      toCsv(
        ["metric", ...rows.map((r) => r.label)],
        METRICS.map((m) => [
          m.key,
          ...rows.map((r) => (r.solved.kind === "done" ? m.cell(r.solved.result) : "invalid")),
        ]),
      ),
    );
  return (
    <div className="variants">
      <div className="section-head">
        <h3>Variants of {compareKey}</h3>
        <button type="button" onClick={csv}>
          CSV
        </button>
      </div>
      <div className="scroll">
        <table className="variants">
          <thead>
            <tr>
              <th scope="col">Metric</th>
              {rows.map((r) => (
                <th key={r.label} scope="col" className="num">
                  {r.label.slice(compareKey.length + 1)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {METRICS.map((m) => (
              <tr key={m.key} data-metric={m.key}>
                <th scope="row">{m.label}</th>
                {rows.map((r) => (
                  <td key={r.label} className={m.key === "binding" ? "" : "num"}>
                    {r.solved.kind === "done" ? (
                      shown(m.cell(r.solved.result), m.key)
                    ) : m.key === "status" ? (
                      <span
                        className="bad"
                        title={r.solved.issues.map((i) => `${i.path}: ${i.message}`).join("\n")}
                      >
                        invalid: {r.solved.message}
                      </span>
                    ) : (
                      "—"
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="charts">
        <PlotFigure
          name="plan-variants"
          title={`Units bought over the horizon, by chip, for each ${compareKey}`}
          empty="No variant bought anything."
          render={() =>
            unitsByChip.length === 0
              ? null
              : Plot.plot({
                  width: 560,
                  height: 280,
                  x: { label: compareKey, type: "band" },
                  y: { label: "↑ Units", grid: true },
                  color: { legend: true },
                  marks: [
                    Plot.barY(unitsByChip, { x: "variant", y: "units", fill: "chip", tip: true }),
                    Plot.ruleY([0]),
                  ],
                })
          }
          depsKey={JSON.stringify(unitsByChip)}
        />
      </div>
    </div>
  );
}
