import { type ServingRates, scenarioSchema, servingRates, type TornadoResult } from "@dualtrack/core";
import * as Plot from "@observablehq/plot";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { PlotFigure } from "../components/PlotFigure.js";
import { ApiError, apiJson } from "../lib/api.js";
import type { CatalogData } from "../lib/catalogData.js";
import { formatValue } from "../lib/columns.js";
import { toCsv } from "../lib/csv.js";
import { download } from "../lib/download.js";
import { perfData } from "../lib/perfCache.js";
import type { UrlState } from "../lib/urlState.js";
import type { TornadoReply, TornadoRequest } from "./tornadoWorker.js";

const documentSchema = z.object({ id: z.string(), version: z.number(), body: z.unknown() });

type State =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "waiting" }
  | { kind: "error"; message: string }
  | { kind: "done"; result: TornadoResult; outputs: readonly string[]; ms: number; version: number };

/** Bars for the chart: from the base value to the output at each end of the parameter's range. */
function tornadoChart(result: TornadoResult, width: number) {
  if (result.bars.length === 0) return null;
  const order = result.bars.map((b) => b.param);
  const data = result.bars.flatMap((b) => [
    { param: b.param, end: "low end", from: result.base, to: b.outputLow, at: b.low },
    { param: b.param, end: "high end", from: result.base, to: b.outputHigh, at: b.high },
  ]);
  return Plot.plot({
    width,
    height: 60 + 26 * order.length,
    marginLeft: Math.min(280, 8 + 6.5 * Math.max(...order.map((p) => p.length))),
    x: { label: `${result.output} in ${result.period} →`, grid: true },
    y: { label: null, domain: order },
    color: { legend: true, domain: ["low end", "high end"], range: ["#b3261e", "#1a56c4"] },
    marks: [
      Plot.barX(data, {
        y: "param",
        x1: "from",
        x2: "to",
        fill: "end",
        title: (d: (typeof data)[number]) =>
          `${d.param} at its ${d.end} (${formatValue(d.at)}): ${formatValue(d.to)}`,
      }),
      Plot.ruleX([result.base], { stroke: "#1d1d1f" }),
    ],
  });
}

/**
 * Per-chip serving rates of a scenario body (core `servingRates`); {} when it has no serving block or
 * does not validate (the worker reports that); null when it has serving outputs and the perf files have
 * not loaded yet (the panel waits for them rather than chart those outputs as 0).
 */
function servingRatesOf(body: unknown, data: CatalogData | null): ServingRates | null {
  const parsed = scenarioSchema.safeParse(body);
  if (!parsed.success || parsed.data.serving === undefined) return {};
  if (data === null) return null;
  const catalog = { sources: [...data.sources.values()], chips: data.chips, models: data.models };
  return servingRates(parsed.data, catalog, perfData(data).data).rates;
}

/**
 * The tornado chart of a stored scenario: `GET /api/scenarios/{id}` for its body, then core's `tornado`
 * (what `dualtrack sensitivity` runs) in a Web Worker, with the scenario's serving rates from the perf
 * model computed on the page as the CLI computes them (`data`: the catalog with its perf files; null
 * while they load). The computation is deterministic, so running it in the browser gives the CLI's numbers.
 */
export function TornadoPanel(props: {
  readonly scenario: string;
  readonly data: CatalogData | null;
  readonly state: UrlState;
  readonly set: (patch: Readonly<Record<string, string>>) => void;
  readonly outputHint: string;
}) {
  const { scenario, state, set, outputHint } = props;
  const output = state.tout ?? (outputHint === "" ? "installedH100e.domestic" : outputHint);
  const period = state.tperiod ?? "2027";
  const runs = Math.min(64, Math.max(1, Number(state.truns ?? "8") || 8));
  const [status, setStatus] = useState<State>({ kind: "idle" });
  const worker = useRef<Worker | null>(null);
  useEffect(() => () => worker.current?.terminate(), []);
  const width = Math.min(760, Math.max(320, window.innerWidth - 48));

  const run = async () => {
    setStatus({ kind: "running" });
    try {
      const doc = documentSchema.parse(await apiJson(`api/scenarios/${encodeURIComponent(scenario)}`));
      const rates = servingRatesOf(doc.body, props.data);
      if (rates === null) {
        setStatus({ kind: "waiting" });
        return;
      }
      worker.current?.terminate();
      const w = new Worker(new URL("./tornadoWorker.ts", import.meta.url), { type: "module" });
      worker.current = w;
      w.onmessage = (e: MessageEvent<TornadoReply>) => {
        w.terminate();
        const reply = e.data;
        setStatus(
          reply.kind === "done"
            ? {
                kind: "done",
                result: reply.result,
                outputs: reply.outputs,
                ms: reply.ms,
                version: doc.version,
              }
            : { kind: "error", message: reply.message },
        );
      };
      w.onerror = (e) => setStatus({ kind: "error", message: `the tornado worker failed: ${e.message}` });
      const request: TornadoRequest = {
        scenario: doc.body,
        output,
        period,
        runs,
        top: 12,
        servingRates: rates,
      };
      w.postMessage(request);
    } catch (error) {
      setStatus({ kind: "error", message: error instanceof Error ? error.message : String(error) });
    }
  };
  // A run that waited for the perf files goes on once they are in.
  const waiting = status.kind === "waiting" && props.data !== null;
  const runLatest = useRef(run);
  runLatest.current = run;
  useEffect(() => {
    if (waiting) void runLatest.current();
  }, [waiting]);
  const result = status.kind === "done" ? status.result : null;

  return (
    <section aria-labelledby="tornado-title" className="tornado">
      <h3 id="tornado-title">Sensitivity (tornado)</h3>
      <p className="note">
        Each uncertain parameter moved alone to its low and high end (min/max, or P5/P95 for normal and
        lognormal), the others at their central values; the output averaged over a few replications with the
        same random numbers at every point. Computed in your browser with the code of{" "}
        <code>dualtrack sensitivity</code>.
      </p>
      <form
        className="controls"
        aria-label="Tornado"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label>
          Output
          <input
            name="tout"
            className="wide"
            list="tornado-outputs"
            value={output}
            onChange={(e) => set({ tout: e.target.value })}
          />
          <datalist id="tornado-outputs">
            {(status.kind === "done" ? status.outputs : []).map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        </label>
        <label>
          Period
          <input
            name="tperiod"
            className="short"
            value={period}
            onChange={(e) => set({ tperiod: e.target.value })}
          />
        </label>
        <label>
          Replications per point
          <input
            type="number"
            name="truns"
            className="short"
            min={1}
            max={64}
            value={runs}
            onChange={(e) => set({ truns: e.target.value })}
          />
        </label>
        <button type="submit" disabled={status.kind === "running" || status.kind === "waiting"}>
          Compute tornado
        </button>
      </form>
      {status.kind === "waiting" && (
        <p className="status" role="status">
          Loading the perf calibration (the serving outputs need it)…
        </p>
      )}
      {status.kind === "running" && (
        <p className="status" role="status">
          Simulating each parameter at both ends…
        </p>
      )}
      {status.kind === "error" && <ApiError title="Could not compute the tornado" message={status.message} />}
      {result !== null && status.kind === "done" && (
        <>
          <p role="status" data-tornado="done" data-base={result.base}>
            {result.output} in {result.period}: base <strong>{formatValue(result.base)}</strong> ·{" "}
            {result.bars.length} parameters · {scenario} v{status.version} · computed in{" "}
            {formatValue(status.ms / 1000)} s
          </p>
          <div className="charts">
            <PlotFigure
              name="tornado"
              title={`What moves ${result.output} in ${result.period} most`}
              empty="This scenario has no uncertain parameter."
              render={() => tornadoChart(result, width)}
              depsKey={`${result.output}|${result.period}|${result.base}|${width}`}
            />
          </div>
          <div className="section-head">
            <h4>Bars</h4>
            <button
              type="button"
              onClick={() =>
                download(
                  `tornado-${scenario}.csv`,
                  "text/csv",
                  toCsv(
                    ["param", "low", "high", "output_low", "output_high", "swing"],
                    result.bars.map((b) => [b.param, b.low, b.high, b.outputLow, b.outputHigh, b.swing]),
                  ),
                )
              }
            >
              CSV
            </button>
          </div>
          <div className="scroll">
            <table className="tornado">
              <thead>
                <tr>
                  <th scope="col">Parameter</th>
                  <th scope="col" className="num">
                    Low
                  </th>
                  <th scope="col" className="num">
                    High
                  </th>
                  <th scope="col" className="num">
                    Output at low
                  </th>
                  <th scope="col" className="num">
                    Output at high
                  </th>
                  <th scope="col" className="num">
                    Swing
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.bars.map((b) => (
                  <tr key={b.param} data-param={b.param} data-swing={b.swing}>
                    <th scope="row">{b.param}</th>
                    <td className="num">{formatValue(b.low)}</td>
                    <td className="num">{formatValue(b.high)}</td>
                    <td className="num">{formatValue(b.outputLow)}</td>
                    <td className="num">{formatValue(b.outputHigh)}</td>
                    <td className="num">{formatValue(b.swing)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
