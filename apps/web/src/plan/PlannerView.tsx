import { parsePlan } from "@dualtrack/core";
import * as Plot from "@observablehq/plot";
import { useMemo, useState } from "react";
import { stringify } from "yaml";
import { z } from "zod";
import { IssueList } from "../components/IssueList.js";
import { PlotFigure } from "../components/PlotFigure.js";
import { ApiError } from "../lib/api.js";
import type { CatalogData } from "../lib/catalogData.js";
import { formatValue } from "../lib/columns.js";
import { toCsv } from "../lib/csv.js";
import { download } from "../lib/download.js";
import type { UrlState } from "../lib/urlState.js";
import { planVariants, readPlanText } from "./planText.js";
import { VariantTable } from "./VariantTable.js";

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
export type PlanResult = z.output<typeof resultSchema>;
const issuesSchema = z.object({
  error: z.object({
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

type Issue = { path: string; message: string; line?: number | null };
type Outcome =
  | { kind: "idle" }
  | { kind: "solving" }
  | { kind: "invalid"; message: string; issues: Issue[] }
  | { kind: "error"; message: string }
  | { kind: "done"; result: PlanResult; ms: number };
export type Solved =
  | { kind: "invalid"; message: string; issues: Issue[] }
  | { kind: "done"; result: PlanResult; ms: number };
type Comparison =
  | { kind: "idle" }
  | { kind: "solving"; key: string }
  | { kind: "error"; message: string }
  | { kind: "done"; key: string; rows: { label: string; solved: Solved }[] };

const usd = (x: number) => (Math.abs(x) >= 1e9 ? `$${formatValue(x / 1e9)}B` : `$${formatValue(x / 1e6)}M`);

/** `POST /api/plan`: a 400 becomes the server's issues (e.g. a chip the catalog lacks), other failures throw. */
async function solveOnServer(body: unknown): Promise<Solved> {
  const started = performance.now();
  const response = await fetch("api/plan", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const doc: unknown = await response.json();
  if (response.status === 400) {
    const parsed = issuesSchema.safeParse(doc);
    return {
      kind: "invalid",
      message: parsed.success ? parsed.data.error.message : "invalid plan",
      issues: parsed.success ? (parsed.data.error.issues ?? []) : [],
    };
  }
  if (!response.ok) throw new Error(`api/plan answered ${response.status}`);
  return { kind: "done", result: resultSchema.parse(doc), ms: performance.now() - started };
}

/** The editor's starting text: the example file as written (comments kept), else its data as YAML. */
function exampleText(example: CatalogData["plans"][number] | undefined): string {
  if (example === undefined) return "";
  return example.text ?? stringify(example.plan);
}

/** The compare spec offered first: the example's own mandate swept, else nothing. */
function defaultCompare(data: unknown): string {
  const mandates = (data as { mandates?: { domesticShareMin?: unknown } } | null)?.mandates;
  return typeof mandates?.domesticShareMin === "number" ? "mandates.domesticShareMin=0.3,0.5,0.7" : "";
}

/**
 * Planner: edit a plan as YAML (or JSON), validated as you type with core's planSchema; solve it on the
 * server; see the mix, spend and binding constraints; compare variants of one key side by side.
 */
export function PlannerView(props: {
  readonly data: CatalogData;
  readonly state: UrlState;
  readonly set: (patch: Readonly<Record<string, string>>) => void;
}) {
  const { data, state, set } = props;
  const example = data.plans.find((p) => p.id === state.plan) ?? data.plans[0];
  const [text, setText] = useState(() => exampleText(example));
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });
  const [comparison, setComparison] = useState<Comparison>({ kind: "idle" });
  const read = useMemo(() => readPlanText(text), [text]);
  const compareSpec = state.cmp ?? defaultCompare(read.ok ? read.data : example?.plan);

  const solve = async () => {
    if (!read.ok) {
      setOutcome({
        kind: "invalid",
        message: read.syntax
          ? "The plan is not valid YAML or JSON."
          : "The plan does not match the plan schema.",
        issues: [...read.issues],
      });
      return;
    }
    setOutcome({ kind: "solving" });
    try {
      setOutcome(await solveOnServer(read.data));
    } catch (error) {
      setOutcome({ kind: "error", message: error instanceof Error ? error.message : String(error) });
    }
  };
  const compare = async () => {
    if (!read.ok) {
      setComparison({ kind: "error", message: "Fix the plan first: it does not validate." });
      return;
    }
    let variants: ReturnType<typeof planVariants>;
    try {
      variants = planVariants(read.data, compareSpec);
    } catch (error) {
      setComparison({ kind: "error", message: error instanceof Error ? error.message : String(error) });
      return;
    }
    setComparison({ kind: "solving", key: variants.spec.key });
    try {
      // One at a time: the server solves synchronously, so parallel requests would only queue there.
      const rows: { label: string; solved: Solved }[] = [];
      for (const v of variants.variants) {
        const checked = parsePlan(v.data);
        rows.push({
          label: v.label,
          solved:
            checked.plan === undefined
              ? {
                  kind: "invalid",
                  message: "the variant does not match the plan schema",
                  issues: checked.issues,
                }
              : await solveOnServer(v.data),
        });
      }
      setComparison({ kind: "done", key: variants.spec.key, rows });
    } catch (error) {
      setComparison({ kind: "error", message: error instanceof Error ? error.message : String(error) });
    }
  };
  const load = (id: string) => {
    const p = data.plans.find((x) => x.id === id);
    set({ plan: id, cmp: "" });
    setText(exampleText(p));
    setOutcome({ kind: "idle" });
    setComparison({ kind: "idle" });
  };
  const reformat = (as: "yaml" | "json") => {
    if (read.ok) setText(as === "json" ? JSON.stringify(read.data, null, 2) : stringify(read.data));
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
        Plan as YAML or JSON (see <code>examples/plans/</code>), checked against the plan schema as you type
        <textarea
          name="plan-text"
          value={text}
          spellCheck={false}
          aria-invalid={!read.ok}
          aria-describedby="plan-check"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <div className="editor-bar">
        <span id="plan-check" className={read.ok ? "ok" : "bad"} data-check={read.ok ? "valid" : "invalid"}>
          {read.ok
            ? `Valid plan: ${read.plan.demand.length} demand lines, ${read.plan.candidates?.length ?? "all"} candidate chips.`
            : `${read.issues.length} ${read.syntax ? "syntax" : "schema"} problem${read.issues.length === 1 ? "" : "s"}:`}
        </span>
        <button type="button" disabled={!read.ok} onClick={() => reformat("yaml")}>
          As YAML
        </button>
        <button type="button" disabled={!read.ok} onClick={() => reformat("json")}>
          As JSON
        </button>
      </div>
      {!read.ok && (
        <div className="issues" data-plan="schema">
          <IssueList issues={read.issues} />
        </div>
      )}
      <form
        className="controls"
        aria-label="Compare variants"
        onSubmit={(e) => {
          e.preventDefault();
          void compare();
        }}
      >
        <label>
          Compare variants: key=v1,v2,… (as dualtrack plan --compare)
          <input
            name="compare"
            className="wide"
            value={compareSpec}
            placeholder="mandates.domesticShareMin=0.3,0.5,0.7"
            onChange={(e) => set({ cmp: e.target.value })}
          />
        </label>
        <button type="submit" disabled={comparison.kind === "solving" || compareSpec.trim() === ""}>
          Compare
        </button>
      </form>
      {comparison.kind === "solving" && <p role="status">Solving each variant of {comparison.key}…</p>}
      {comparison.kind === "error" && (
        <div className="error" role="alert" data-compare="error">
          <p>{comparison.message}</p>
        </div>
      )}
      {comparison.kind === "done" && <VariantTable rows={comparison.rows} compareKey={comparison.key} />}
      {outcome.kind === "solving" && <p role="status">Solving with HiGHS on the server…</p>}
      {outcome.kind === "invalid" && (
        <div className="error" role="alert" data-plan="invalid">
          <p>{outcome.message}</p>
          <IssueList issues={outcome.issues} />
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
