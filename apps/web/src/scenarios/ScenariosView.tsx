import * as Plot from "@observablehq/plot";
import { useCallback, useEffect, useRef, useState } from "react";
import { z } from "zod";
import { ParamSelect } from "../components/ParamSelect.js";
import { PlotFigure } from "../components/PlotFigure.js";
import { ApiError, apiJson, useApi } from "../lib/api.js";
import type { CatalogData } from "../lib/catalogData.js";
import { formatValue } from "../lib/columns.js";
import { toCsv } from "../lib/csv.js";
import { download } from "../lib/download.js";
import type { UrlState } from "../lib/urlState.js";
import { BacktestTable } from "./BacktestTable.js";
import { ScenarioEditor } from "./ScenarioEditor.js";
import { TornadoPanel } from "./TornadoPanel.js";

const scenarioListSchema = z.array(
  z.object({ id: z.string(), name: z.string().optional(), latestVersion: z.number().optional() }),
);
const runSchema = z.object({
  id: z.string(),
  documentVersion: z.number().int(),
  status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]),
  runs: z.number(),
  completed: z.number(),
  elapsedMs: z.number().nullable(),
  error: z.string().nullable(),
});
type Run = z.output<typeof runSchema>;
const stat = z.number().nullable();
const resultSchema = z.object({
  output: z.string(),
  period: z.string(),
  n: z.number(),
  mean: stat,
  p05: stat,
  p25: stat,
  p50: stat,
  p75: stat,
  p95: stat,
});
type Result = z.output<typeof resultSchema>;
const resultsSchema = z.object({ run: runSchema, results: z.array(resultSchema) });

/** `2026Q3` → 2026.5 (start of the quarter), for a continuous time axis; NaN when not a quarter. */
export function quarterValue(period: string): number {
  const m = /^(\d{4})Q([1-4])$/.exec(period);
  if (m === null) return Number(period);
  return Number(m[1]) + (Number(m[2]) - 1) / 4;
}

function fanChart(rows: readonly Result[], output: string, width: number) {
  const data = rows
    .filter((r) => r.output === output && r.p05 !== null && r.p95 !== null && r.p50 !== null)
    .map((r) => ({ ...r, t: quarterValue(r.period) }))
    .filter((r) => Number.isFinite(r.t));
  if (data.length === 0) return null;
  return Plot.plot({
    width,
    height: 340,
    marginLeft: 80,
    grid: true,
    x: { label: "Quarter →", tickFormat: (d: number) => (Number.isInteger(d) ? String(d) : "") },
    y: { label: `↑ ${output}` },
    marks: [
      Plot.areaY(data, { x: "t", y1: "p05", y2: "p95", fill: "#1a56c4", fillOpacity: 0.15 }),
      Plot.areaY(data, { x: "t", y1: "p25", y2: "p75", fill: "#1a56c4", fillOpacity: 0.25 }),
      Plot.line(data, { x: "t", y: "p50", stroke: "#1a56c4", strokeWidth: 2 }),
      Plot.tip(
        data,
        Plot.pointerX({
          x: "t",
          y: "p50",
          title: (d: Result) =>
            `${d.period}: P50 ${formatValue(d.p50)} (P5 ${formatValue(d.p05)} – P95 ${formatValue(d.p95)})`,
        }),
      ),
    ],
  });
}

/** Scenarios: pick a stored scenario, run Monte Carlo on the server with live progress (SSE), see fan charts. */
export function ScenariosView(props: {
  /** The catalog with its perf files (null while they load): the tornado's serving rates need them. */
  readonly data: CatalogData | null;
  readonly state: UrlState;
  readonly set: (patch: Readonly<Record<string, string>>) => void;
}) {
  const { state, set } = props;
  const scenarios = useApi("api/scenarios", (doc) => scenarioListSchema.parse(doc));
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<Result[] | null>(null);
  const source = useRef<EventSource | null>(null);
  useEffect(() => () => source.current?.close(), []);
  // The version the editor shows (loaded or just saved): runs are pinned to it, so what ran is what was seen.
  const [pinned, setPinned] = useState<{ scenario: string; version: number } | null>(null);
  const onVersion = useCallback((id: string, version: number) => setPinned({ scenario: id, version }), []);

  if (scenarios.kind === "loading")
    return (
      <p className="status" role="status">
        Loading scenarios…
      </p>
    );
  if (scenarios.kind === "error")
    return <ApiError title="Could not load the scenarios" message={scenarios.message} />;
  const list = scenarios.value;
  const scenario = list.find((s) => s.id === state.scenario)?.id ?? list[0]?.id;
  const runs = Math.min(100_000, Math.max(1, Number(state.runs ?? "200") || 200));
  const seed = Math.max(0, Math.floor(Number(state.seed ?? "1") || 1));
  const outputs = results === null ? [] : [...new Set(results.map((r) => r.output))];
  const output =
    outputs.find((o) => o === state.output) ??
    outputs.find((o) => o.toLowerCase().includes("installed")) ??
    outputs[0] ??
    "";

  const editing = state.edit === "1";
  const version = editing && pinned !== null && pinned.scenario === scenario ? pinned.version : undefined;
  const start = async () => {
    if (scenario === undefined) return;
    setError(null);
    setResults(null);
    source.current?.close();
    try {
      const started = runSchema.parse(
        await apiJson("api/runs", { scenario, runs, seed, ...(version === undefined ? {} : { version }) }),
      );
      setRun(started);
      const es = new EventSource(`api/runs/${started.id}/events`);
      source.current = es;
      const onEvent = (e: MessageEvent<string>) => {
        const r = runSchema.parse(JSON.parse(e.data));
        setRun(r);
        if (r.status === "succeeded" || r.status === "failed" || r.status === "cancelled") {
          es.close();
          if (r.status === "succeeded")
            apiJson(`api/runs/${r.id}/results`).then(
              (doc) => setResults(resultsSchema.parse(doc).results),
              (err: unknown) => setError(String(err)),
            );
          else setError(`run ${r.id} ${r.status}${r.error === null ? "" : `: ${r.error}`}`);
        }
      };
      es.addEventListener("progress", onEvent);
      es.addEventListener("status", onEvent);
      es.onerror = () => {
        if (es.readyState === EventSource.CLOSED) setError("the progress stream closed unexpectedly");
      };
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const busy = run !== null && (run.status === "queued" || run.status === "running");
  const width = Math.min(760, Math.max(320, window.innerWidth - 48));
  const exportCsv = () =>
    results !== null &&
    download(
      `run-${run?.id ?? "results"}.csv`,
      "text/csv",
      toCsv(
        ["output", "period", "n", "mean", "p05", "p25", "p50", "p75", "p95"],
        results.map((r) => [r.output, r.period, r.n, r.mean, r.p05, r.p25, r.p50, r.p75, r.p95]),
      ),
    );

  return (
    <section aria-labelledby="scen-title">
      <h2 id="scen-title">Scenarios</h2>
      {list.length === 0 ? (
        <p className="empty">
          No stored scenario. Add one with <code>POST /api/scenarios</code> or restart the server (it stores
          the baseline).
        </p>
      ) : (
        <form
          className="controls"
          aria-label="Run a scenario"
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <ParamSelect
            name="scenario"
            label="Scenario"
            value={scenario ?? ""}
            options={list.map((s) => ({ value: s.id, label: s.name ?? s.id }))}
            set={set}
          />
          <label>
            Replications
            <input
              type="number"
              name="runs"
              className="short"
              min={1}
              max={100000}
              value={runs}
              onChange={(e) => set({ runs: e.target.value })}
            />
          </label>
          <label>
            Seed
            <input
              type="number"
              name="seed"
              className="short"
              min={0}
              value={seed}
              onChange={(e) => set({ seed: e.target.value })}
            />
          </label>
          <button type="submit" disabled={busy}>
            {version === undefined ? "Run" : `Run version ${version}`}
          </button>
          <button
            type="button"
            aria-expanded={editing}
            aria-controls="scenario-editor"
            onClick={() => set({ edit: editing ? "" : "1" })}
          >
            {editing ? "Close the YAML editor" : "Edit as YAML"}
          </button>
        </form>
      )}
      {editing && scenario !== undefined && (
        <div id="scenario-editor">
          <ScenarioEditor scenario={scenario} busy={busy} onVersion={onVersion} onRun={() => void start()} />
        </div>
      )}
      {run !== null && (
        <p className="run-status" data-status={run.status} role="status">
          <progress max={run.runs} value={run.completed} aria-label="Replications done" /> {run.completed} /{" "}
          {run.runs} · {run.status} · version {run.documentVersion}
          {run.elapsedMs === null ? "" : ` in ${formatValue(run.elapsedMs / 1000)} s`}
        </p>
      )}
      {error !== null && <ApiError title="The run did not complete" message={error} />}
      {results !== null && (
        <>
          <div className="section-head">
            <label>
              Output{" "}
              <select name="output" value={output} onChange={(e) => set({ output: e.target.value })}>
                {outputs.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            </label>
            <button type="button" onClick={exportCsv}>
              CSV
            </button>
          </div>
          <div className="charts">
            <PlotFigure
              name={`fan-${output}`}
              title={`${output}: P50 with P25–P75 and P5–P95 bands`}
              empty="This output has no quantiles to draw."
              render={() => fanChart(results, output, width)}
              depsKey={`${run?.id}|${output}|${width}`}
            />
          </div>
        </>
      )}
      {scenario !== undefined && (
        <TornadoPanel
          scenario={scenario}
          data={props.data}
          state={state}
          set={set}
          outputHint={results === null ? "" : output}
        />
      )}
      {scenario !== undefined && <BacktestTable scenario={scenario} seed={seed} />}
    </section>
  );
}
