import { useState } from "react";
import { z } from "zod";
import { ApiError, apiJson } from "../lib/api.js";
import { formatValue } from "../lib/columns.js";
import { toCsv } from "../lib/csv.js";
import { download } from "../lib/download.js";

const backtestSchema = z.object({
  tolerance: z.unknown(),
  rows: z.array(
    z.object({
      metric: z.string(),
      period: z.string(),
      reported: z.number(),
      simulated: z.number(),
      p5: z.number(),
      p95: z.number(),
      error: z.number().nullable(),
      withinTolerance: z.boolean(),
      source: z.string(),
    }),
  ),
});
type Backtest = z.output<typeof backtestSchema>;

/** The scenario simulated against reported figures (`POST /api/backtest`), on demand. */
export function BacktestTable(props: { readonly scenario: string; readonly seed: number }) {
  const [state, setState] = useState<
    | { kind: "idle" }
    | { kind: "loading" }
    | { kind: "error"; message: string }
    | { kind: "ready"; value: Backtest }
  >({ kind: "idle" });
  const run = () => {
    setState({ kind: "loading" });
    apiJson("api/backtest", { scenario: props.scenario, seed: props.seed }).then(
      (doc) => setState({ kind: "ready", value: backtestSchema.parse(doc) }),
      (error: unknown) =>
        setState({ kind: "error", message: error instanceof Error ? error.message : String(error) }),
    );
  };
  return (
    <section aria-labelledby="backtest-title">
      <div className="section-head">
        <h3 id="backtest-title">Backtest against reported figures</h3>
        <button type="button" onClick={run} disabled={state.kind === "loading"}>
          Run backtest
        </button>
        {state.kind === "ready" && (
          <button
            type="button"
            onClick={() =>
              download(
                "backtest.csv",
                "text/csv",
                toCsv(
                  [
                    "metric",
                    "period",
                    "reported",
                    "simulated",
                    "p5",
                    "p95",
                    "error",
                    "within_tolerance",
                    "source",
                  ],
                  state.value.rows.map((r) => [
                    r.metric,
                    r.period,
                    r.reported,
                    r.simulated,
                    r.p5,
                    r.p95,
                    r.error,
                    r.withinTolerance,
                    r.source,
                  ]),
                ),
              )
            }
          >
            CSV
          </button>
        )}
      </div>
      {state.kind === "loading" && <p role="status">Simulating the backtest periods…</p>}
      {state.kind === "error" && <ApiError title="The backtest failed" message={state.message} />}
      {state.kind === "ready" && (
        <div className="scroll">
          <table className="backtest">
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">Period</th>
                <th scope="col" className="num">
                  Reported
                </th>
                <th scope="col" className="num">
                  Simulated (P50)
                </th>
                <th scope="col" className="num">
                  P5–P95
                </th>
                <th scope="col" className="num">
                  Error
                </th>
                <th scope="col">Within tolerance</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {state.value.rows.map((r) => (
                <tr key={`${r.metric}-${r.period}`}>
                  <td>{r.metric}</td>
                  <td>{r.period}</td>
                  <td className="num">{formatValue(r.reported)}</td>
                  <td className="num">{formatValue(r.simulated)}</td>
                  <td className="num">
                    {formatValue(r.p5)}–{formatValue(r.p95)}
                  </td>
                  <td className="num">{r.error === null ? "—" : `${formatValue(r.error * 100)}%`}</td>
                  <td>{r.withinTolerance ? "yes" : "no"}</td>
                  <td>{r.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
