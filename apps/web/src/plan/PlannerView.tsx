import * as Plot from "@observablehq/plot";
import { useState } from "react";
import { z } from "zod";
import { PlotFigure } from "../components/PlotFigure.js";
import { ApiError } from "../lib/api.js";
import type { CatalogData } from "../lib/catalogData.js";
import { formatValue } from "../lib/columns.js";
import { toCsv } from "../lib/csv.js";
import { download } from "../lib/download.js";
import type { UrlState } from "../lib/urlState.js";

const resultSchema = z.object({
  status: z.string(),
  objective: z.number().nullable(),
  objectiveKind: z.string().optional(),
  purchases: z.array(
    z.object({ period: z.string(), chip: z.string(), units: z.number(), capexUsd: z.number() }),
  ),
  totals: z
    .object({
      capexUsd: z.number(),
      energyUsd: z.number(),
      tcoUsd: z.number(),
      peakPowerMW: z.number(),
      units: z.number(),
      domesticShare: z.number().nullable(),
    })
    .nullable(),
  binding: z.array(
    z.object({
      group: z.string(),
      shadowPrice: z.number(),
      valuePerStep: z.number(),
      step: z.string(),
      text: z.string(),
    }),
  ),
  conflicts: z.array(z.object({ group: z.string(), text: z.string() })).nullable(),
  explanation: z.array(z.string()),
});
type PlanResult = z.output<typeof resultSchema>;
const issuesSchema = z.object({
  error: z.object({
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

type Outcome =
  | { kind: "idle" }
  | { kind: "solving" }
  | { kind: "invalid"; message: string; issues: { path: string; message: string }[] }
  | { kind: "error"; message: string }
  | { kind: "done"; result: PlanResult; ms: number };

const usd = (x: number) => (Math.abs(x) >= 1e9 ? `$${formatValue(x / 1e9)}B` : `$${formatValue(x / 1e6)}M`);

/** Planner: edit a plan (JSON of a plan YAML), solve it on the server, see the mix, spend and binding constraints. */
export function PlannerView(props: {
  readonly data: CatalogData;
  readonly state: UrlState;
  readonly set: (patch: Readonly<Record<string, string>>) => void;
}) {
  const { data, state, set } = props;
  const example = data.plans.find((p) => p.id === state.plan) ?? data.plans[0];
  const [text, setText] = useState(() =>
    example === undefined ? "{}" : JSON.stringify(example.plan, null, 2),
  );
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });

  const solve = async () => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      setOutcome({ kind: "invalid", message: `The plan is not valid JSON: ${String(error)}`, issues: [] });
      return;
    }
    setOutcome({ kind: "solving" });
    const started = performance.now();
    try {
      const response = await fetch("api/plan", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const doc: unknown = await response.json();
      if (response.status === 400) {
        const parsed = issuesSchema.safeParse(doc);
        setOutcome({
          kind: "invalid",
          message: parsed.success ? parsed.data.error.message : "invalid plan",
          issues: parsed.success ? (parsed.data.error.issues ?? []) : [],
        });
        return;
      }
      if (!response.ok) throw new Error(`api/plan answered ${response.status}`);
      setOutcome({ kind: "done", result: resultSchema.parse(doc), ms: performance.now() - started });
    } catch (error) {
      setOutcome({ kind: "error", message: error instanceof Error ? error.message : String(error) });
    }
  };
  const load = (id: string) => {
    const p = data.plans.find((x) => x.id === id);
    set({ plan: id });
    if (p !== undefined) setText(JSON.stringify(p.plan, null, 2));
    setOutcome({ kind: "idle" });
  };
  const result = outcome.kind === "done" ? outcome.result : null;

  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">Planner</h2>
      <form
        className="controls"
        aria-label="Plan"
        onSubmit={(e) => {
          e.preventDefault();
          void solve();
        }}
      >
        <label>
          Start from
          <select name="plan" value={example?.id ?? ""} onChange={(e) => load(e.target.value)}>
            {data.plans.map((p) => (
              <option key={p.id}>{p.id}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={outcome.kind === "solving"}>
          Solve
        </button>
      </form>
      <label className="block">
        Plan (the content of a plan YAML, as JSON; see <code>examples/plans/</code>)
        <textarea
          name="plan-json"
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      {outcome.kind === "solving" && <p role="status">Solving with HiGHS on the server…</p>}
      {outcome.kind === "invalid" && (
        <div className="error" role="alert" data-plan="invalid">
          <p>{outcome.message}</p>
          <ul>
            {outcome.issues.map((i) => (
              <li key={`${i.path}:${i.message}`}>
                <code>{i.path}</code>: {i.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {outcome.kind === "error" && <ApiError title="Could not solve the plan" message={outcome.message} />}
      {result !== null && outcome.kind === "done" && (
        <div className="plan-result" data-status={result.status}>
          <p role="status">
            <strong>{result.status}</strong>
            {result.objective === null
              ? ""
              : ` · objective ${formatValue(result.objective)} (${result.objectiveKind ?? ""})`}{" "}
            · solved in {formatValue(outcome.ms)} ms
          </p>
          {result.totals !== null && (
            <div className="cards">
              <div className="card" data-card="capex">
                <div className="label">Capex</div>
                <div className="value">{usd(result.totals.capexUsd)}</div>
              </div>
              <div className="card" data-card="tco">
                <div className="label">TCO</div>
                <div className="value">{usd(result.totals.tcoUsd)}</div>
              </div>
              <div className="card" data-card="units">
                <div className="label">Units</div>
                <div className="value">{formatValue(result.totals.units)}</div>
              </div>
              <div className="card" data-card="power">
                <div className="label">Peak power</div>
                <div className="value">{formatValue(result.totals.peakPowerMW)} MW</div>
              </div>
              <div className="card" data-card="domestic">
                <div className="label">Domestic share</div>
                <div className="value">
                  {result.totals.domesticShare === null
                    ? "—"
                    : `${formatValue(result.totals.domesticShare * 100)}%`}
                </div>
              </div>
            </div>
          )}
          {result.conflicts !== null && result.conflicts.length > 0 && (
            <div className="error" role="alert">
              <p>Infeasible: these constraints cannot hold together.</p>
              <ul>
                {result.conflicts.map((c) => (
                  <li key={c.group}>{c.text}</li>
                ))}
              </ul>
            </div>
          )}
          <div className="section-head">
            <h3>Purchases</h3>
            <button
              type="button"
              onClick={() =>
                download(
                  "plan-purchases.csv",
                  "text/csv",
                  toCsv(
                    ["period", "chip", "units", "capex_usd"],
                    result.purchases.map((p) => [p.period, p.chip, p.units, p.capexUsd]),
                  ),
                )
              }
            >
              CSV
            </button>
          </div>
          <div className="charts">
            <PlotFigure
              name="plan-mix"
              title="Units bought per period, by chip"
              empty="Nothing to buy."
              render={() =>
                result.purchases.length === 0
                  ? null
                  : Plot.plot({
                      width: 560,
                      height: 280,
                      // Periods are strings ("2026", "2026Q1"): a band scale, declared, keeps Plot from guessing.
                      x: { label: "Period", type: "band" },
                      y: { label: "↑ Units", grid: true },
                      color: { legend: true },
                      marks: [
                        Plot.barY(result.purchases, { x: "period", y: "units", fill: "chip", tip: true }),
                        Plot.ruleY([0]),
                      ],
                    })
              }
              depsKey={JSON.stringify(result.purchases)}
            />
          </div>
          <h3>Binding constraints and shadow prices</h3>
          {result.binding.length === 0 ? (
            <p className="empty">No constraint binds.</p>
          ) : (
            <table className="binding">
              <thead>
                <tr>
                  <th scope="col">Constraint</th>
                  <th scope="col" className="num">
                    Shadow price
                  </th>
                  <th scope="col">Value of relaxing</th>
                </tr>
              </thead>
              <tbody>
                {result.binding.map((b) => (
                  <tr key={`${b.group}-${b.text}`}>
                    <td>{b.text}</td>
                    <td className="num">{formatValue(b.shadowPrice)}</td>
                    <td>
                      {formatValue(b.valuePerStep)} per {b.step}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <details>
            <summary>Explanation</summary>
            <ol className="explanation">
              {result.explanation.map((line, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a static list; lines may repeat.
                <li key={i}>{line}</li>
              ))}
            </ol>
          </details>
        </div>
      )}
    </section>
  );
}
