import {
  type Chip,
  estimateInference,
  type InferenceEstimate,
  type InferenceOptions,
  type Model,
  PERF_PRECISIONS,
  type PerfData,
  type PerfPrecision,
  SERVING_MODES,
  type ServingMode,
  STACKS,
  type Stack,
} from "@dualtrack/core";
import { Card } from "../components/Card.js";
import { NumberField } from "../components/NumberField.js";
import { ParamSelect } from "../components/ParamSelect.js";
import { PlotFigure } from "../components/PlotFigure.js";
import type { CatalogData } from "../lib/catalogData.js";
import { formatValue } from "../lib/columns.js";
import { toCsv } from "../lib/csv.js";
import { download } from "../lib/download.js";
import { perfData } from "../lib/perfCache.js";
import { clampParam, listParam, numberParam, type UrlState } from "../lib/urlState.js";
import { attempt, type Outcome } from "./attempt.js";
import { type BandPoint, bandLineChart } from "./bandLineChart.js";
import { TrainingPanel } from "./TrainingPanel.js";

const BATCHES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] as const;
const TPS = [1, 2, 4, 8, 16] as const;
const EPS = [1, 2, 4, 8, 16, 32, 64] as const;
const ATTENTION_DPS = [1, 2, 4, 8, 16] as const;
/** Tokens kept per step with one MTP draft token (DeepSeek-V3 report: 85–90% acceptance). */
const MTP_KEPT = [1.5, 1.7, 1.9] as const;
const MAX_VS = 3;

/** What the view's controls set: the options of `estimateInference` it exposes. */
interface Setup {
  readonly precision: PerfPrecision;
  /** Undefined: the chip's default stack (TensorRT-LLM on NVIDIA, else vLLM), as in the CLI. */
  readonly stack: Stack | undefined;
  readonly tp: number;
  readonly ep: number;
  readonly attentionDp: number;
  readonly mode: ServingMode;
  readonly overlap: boolean;
  /** Tokens kept per step with one MTP draft token; undefined: no speculative decoding. */
  readonly mtpKept: number | undefined;
}

function estimate(
  model: Model,
  chip: Chip,
  perf: PerfData,
  setup: Setup,
  w: { batch: number; isl: number; osl: number },
): Outcome<InferenceEstimate> {
  const { stack, mode, mtpKept, ...rest } = setup;
  const options: InferenceOptions = {
    ...rest,
    ...(stack === undefined ? {} : { stack }),
    ...(mtpKept === undefined ? {} : { speculative: { draftTokens: 1, acceptedTokens: mtpKept } }),
  };
  return attempt(() => estimateInference(model, chip, perf, options, { ...w, mode }));
}

function Cards(props: { readonly e: InferenceEstimate }) {
  const { e } = props;
  const f = formatValue;
  return (
    <div className="cards" aria-live="polite">
      <Card
        id="ttft"
        label="TTFT"
        value={`${f(e.ttftMs)} ms`}
        band={`${f(e.band.ttftMs.low)}–${f(e.band.ttftMs.high)} ms`}
      />
      <Card
        id="tpot"
        label="TPOT"
        value={`${f(e.tpotMs)} ms`}
        band={`${f(e.band.tpotMs.low)}–${f(e.band.tpotMs.high)} ms`}
      />
      <Card
        id="throughput"
        label="Output tokens/s (instance)"
        value={f(e.outputTokensPerSec)}
        band={`${f(e.band.low)}–${f(e.band.high)}${e.band.calibrated ? "" : " (uncalibrated)"}`}
      />
      <Card
        id="per-chip"
        label="Output tokens/s per chip"
        value={f(e.outputTokensPerSecPerChip)}
        band={`${e.parallel.chips} chips`}
      />
      <Card
        id="memory"
        label="Memory per chip"
        value={`${f(e.memory.totalGB)} / ${f(e.memory.capacityGB)} GB`}
        band={e.memory.fits ? `fits; max batch ${e.memory.maxBatch}` : "does not fit"}
        bad={!e.memory.fits}
      />
      <Card
        id="energy"
        label="Energy"
        value={e.energy.joulesPerToken === null ? "—" : `${f(e.energy.joulesPerToken)} J/token`}
        band={e.energy.wattsPerChip === null ? "TDP unknown" : `${f(e.energy.wattsPerChip)} W per chip`}
      />
      <Card
        id="cost"
        label="Cost"
        value={e.costUsdPerMTokens === null ? "—" : `$${f(e.costUsdPerMTokens)} / Mtok`}
        band={
          e.costUsdPerMTokens === null
            ? "price unknown"
            : `${e.cost.amortisationYears} y, ${f(e.cost.utilisation * 100)}% util.`
        }
      />
      <Card id="bound" label="Bound" value={e.bound.decode} band={`prefill: ${e.bound.prefill}`} />
      {e.disaggregated !== null && (
        <Card
          id="pools"
          label="Prefill chips per decode chip"
          value={f(e.disaggregated.prefillChipsPerDecodeChip)}
          band={`prefill ${f(e.disaggregated.prefillInputTokensPerSecPerChip)} prompt tok/s/chip · decode ${f(e.disaggregated.decodeOutputTokensPerSecPerChip)} tok/s/chip`}
        />
      )}
    </div>
  );
}

export function PerfView(props: {
  readonly data: CatalogData;
  readonly state: UrlState;
  readonly set: (patch: Readonly<Record<string, string>>) => void;
}) {
  const { data, state, set } = props;
  const { data: perf, issues } = perfData(data);
  const chips = data.chips.filter((c) => c.datacenter);
  const model =
    data.models.find((m) => m.id === state.model) ??
    data.models.find((m) => m.id === "llama-3.1-70b") ??
    data.models[0];
  const chip = chips.find((c) => c.id === state.chip) ?? chips.find((c) => c.id === "h100-sxm") ?? chips[0];
  const precision = PERF_PRECISIONS.find((p) => p === state.precision) ?? "fp8";
  const batch = Math.round(clampParam(numberParam(state, "batch"), 1, 1024, 32));
  const isl = Math.round(clampParam(numberParam(state, "isl"), 1, 262_144, 1024));
  const osl = Math.round(clampParam(numberParam(state, "osl"), 1, 65_536, 1024));
  const tp = TPS.find((x) => x === numberParam(state, "tp")) ?? 4;
  const stack = STACKS.find((x) => x === state.stack);
  const moe = model?.arch.moe !== undefined;
  // only the values the selects offer, so that what is shown is what is estimated
  const ep = moe ? (EPS.find((x) => x === numberParam(state, "ep")) ?? 1) : 1;
  const attentionDp = ATTENTION_DPS.find((x) => x === numberParam(state, "attentionDp")) ?? 1;
  const mode = SERVING_MODES.find((x) => x === state.mode) ?? "aggregated";
  const overlap = state.overlap === "1";
  const mtpKept = MTP_KEPT.find((x) => x === numberParam(state, "mtp"));
  const setup: Setup = { precision, stack, tp, ep, attentionDp, mode, overlap, mtpKept };
  const vs = listParam(state, "vs")
    .filter((id) => id !== chip?.id)
    .slice(0, MAX_VS);

  if (model === undefined || chip === undefined)
    return <p className="empty">No models or chips in the catalog.</p>;
  if (data.perfFiles.length === 0 || issues.length > 0) {
    return (
      <section className="error" role="alert">
        <h2>Performance</h2>
        <p>
          The perf calibration data did not load ({issues.length} issues, {data.perfFiles.length} files). Run{" "}
          <code>npx dualtrack validate</code> and rebuild the app.
        </p>
      </section>
    );
  }

  const outcome = estimate(model, chip, perf, setup, { batch, isl, osl });
  const lineChips = [chip, ...vs.flatMap((id) => chips.filter((c) => c.id === id))];
  const series: BandPoint[] = [];
  const compared: { chip: Chip; outcome: Outcome<InferenceEstimate> }[] = [];
  for (const c of lineChips) {
    compared.push({
      chip: c,
      outcome: c === chip ? outcome : estimate(model, c, perf, setup, { batch, isl, osl }),
    });
    for (const b of BATCHES) {
      const o = estimate(model, c, perf, setup, { batch: b, isl, osl });
      if (!o.ok || !o.e.memory.fits || o.e.disaggregated?.prefillFits === false) continue;
      series.push({
        chip: c.name,
        x: b,
        y: o.e.outputTokensPerSecPerChip,
        // the band's ratios applied per chip (disaggregated: both pools' chips)
        low: (o.e.outputTokensPerSecPerChip * o.e.band.low) / o.e.outputTokensPerSec,
        high: (o.e.outputTokensPerSecPerChip * o.e.band.high) / o.e.outputTokensPerSec,
      });
    }
  }
  const width = Math.min(760, Math.max(320, (typeof window === "undefined" ? 1200 : window.innerWidth) - 48));
  const exportCsv = () =>
    download(
      `perf-${model.id}.csv`,
      "text/csv",
      toCsv(
        [
          "chip",
          "precision",
          "batch",
          "isl",
          "osl",
          "tp",
          "ep",
          "attention_dp",
          "stack",
          "mode",
          "overlap",
          "mtp_tokens_kept",
          "ttft_ms",
          "tpot_ms",
          "output_tok_s",
          "output_tok_s_per_chip",
          "memory_gb",
          "fits",
          "j_per_token",
          "usd_per_mtok",
          "prefill_chips_per_decode_chip",
          "prefill_tok_s_per_chip",
          "decode_tok_s_per_chip",
        ],
        compared.map(({ chip: c, outcome: o }) => [
          c.id,
          precision,
          batch,
          isl,
          osl,
          tp,
          ep,
          attentionDp,
          o.ok ? o.e.stack : (stack ?? null),
          mode,
          overlap,
          mtpKept ?? null,
          ...(o.ok
            ? [
                o.e.ttftMs,
                o.e.tpotMs,
                o.e.outputTokensPerSec,
                o.e.outputTokensPerSecPerChip,
                o.e.memory.totalGB,
                o.e.memory.fits,
                o.e.energy.joulesPerToken,
                o.e.costUsdPerMTokens,
                o.e.disaggregated?.prefillChipsPerDecodeChip ?? null,
                o.e.disaggregated?.prefillInputTokensPerSecPerChip ?? null,
                o.e.disaggregated?.decodeOutputTokensPerSecPerChip ?? null,
              ]
            : Array<null>(11).fill(null)),
        ]),
      ),
    );
  const numberInput = (name: "isl" | "osl", value: number, label: string) => (
    <NumberField name={name} label={label} step="1" min={1} shown={state[name] ?? String(value)} set={set} />
  );

  return (
    <section aria-labelledby="perf-title">
      <h2 id="perf-title">Performance</h2>
      <form className="controls" onSubmit={(e) => e.preventDefault()} aria-label="Workload">
        <ParamSelect
          name="model"
          label="Model"
          value={model.id}
          options={data.models.map((m) => ({ value: m.id, label: m.name }))}
          set={set}
        />
        <ParamSelect
          name="chip"
          label="Chip"
          value={chip.id}
          options={chips.map((c) => ({ value: c.id, label: c.name }))}
          set={set}
        />
        <ParamSelect
          name="precision"
          label="Precision"
          value={precision}
          options={PERF_PRECISIONS}
          set={set}
        />
        <label>
          Batch {batch}
          <input
            type="range"
            name="batch"
            min={1}
            max={512}
            value={batch}
            onChange={(e) => set({ batch: e.target.value })}
          />
        </label>
        {numberInput("isl", isl, "Input tokens")}
        {numberInput("osl", osl, "Output tokens")}
        <ParamSelect name="tp" label="TP" value={tp} options={TPS} set={set} />
        <ParamSelect
          name="ep"
          label="EP"
          value={ep}
          options={EPS}
          set={set}
          disabled={!moe}
          title={
            moe ? "expert-parallel ranks: the experts are spread over EP chips" : "dense model: no experts"
          }
        />
        <ParamSelect
          name="attentionDp"
          label="Attention DP"
          value={attentionDp}
          options={ATTENTION_DPS}
          set={set}
          title="attention data-parallel ranks, each with its own batch, sharing the experts"
        />
        <ParamSelect
          name="stack"
          label="Stack"
          value={stack ?? ""}
          options={STACKS}
          set={set}
          blank="default"
        />
        <ParamSelect
          name="mode"
          label="Serving"
          value={mode}
          options={SERVING_MODES}
          set={set}
          title="aggregated: prefill and decode share the chips; disaggregated: separate prefill and decode pools (same layout each), batch = decoding sequences per rank"
        />
        <ParamSelect
          name="mtp"
          label="MTP"
          value={mtpKept ?? ""}
          options={MTP_KEPT.map((x) => ({ value: String(x), label: `${x} kept` }))}
          set={set}
          blank="off"
          title="speculative decoding with one MTP draft token: tokens kept per decode step"
        />
        <label title="two micro-batches: one's collectives run under the other's compute">
          <input
            type="checkbox"
            name="overlap"
            checked={overlap}
            onChange={(e) => set({ overlap: e.target.checked ? "1" : "" })}
          />{" "}
          Overlap
        </label>
      </form>

      {outcome.ok ? (
        <>
          <Cards e={outcome.e} />
          <p className="note">
            {outcome.e.stack} · compute {outcome.e.precision.compute}, KV cache {outcome.e.precision.kvCache}{" "}
            · calibration: {outcome.e.calibration.entry} ({outcome.e.calibration.scope},{" "}
            {outcome.e.calibration.kind}) — {outcome.e.calibration.note}
            {outcome.e.warnings.length > 0 ? ` · ${outcome.e.warnings.join("; ")}` : ""}
          </p>
        </>
      ) : (
        <div className="error" role="alert" data-card="error">
          <p>
            No estimate for {model.name} on {chip.name} at {precision}: {outcome.error}
          </p>
          <p>Try another precision, a larger TP, or an EP that divides TP × attention DP.</p>
        </div>
      )}

      <div className="section-head">
        <h3>Compare chips on {model.name}</h3>
        <label>
          Add a chip{" "}
          <select
            name="vs"
            value=""
            disabled={vs.length >= MAX_VS}
            onChange={(e) => e.target.value !== "" && set({ vs: [...vs, e.target.value].join(",") })}
          >
            <option value="">—</option>
            {chips
              .filter((c) => c.id !== chip.id && !vs.includes(c.id))
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
          </select>
        </label>
        <button type="button" onClick={exportCsv}>
          CSV
        </button>
      </div>
      <div className="scroll">
        <table className="perf-compare">
          <thead>
            <tr>
              <th scope="col">Chip</th>
              <th scope="col" className="num">
                TTFT ms
              </th>
              <th scope="col" className="num">
                TPOT ms
              </th>
              <th scope="col" className="num">
                tok/s/chip
              </th>
              <th scope="col" className="num">
                GB/chip
              </th>
              <th scope="col" className="num">
                J/token
              </th>
              <th scope="col" className="num">
                $/Mtok
              </th>
              <th scope="col">Bound</th>
            </tr>
          </thead>
          <tbody>
            {compared.map(({ chip: c, outcome: o }) => (
              <tr key={c.id} data-chip={c.id}>
                <th scope="row">
                  {c.name}{" "}
                  {c.id !== chip.id && (
                    <button
                      type="button"
                      className="link"
                      aria-label={`Remove ${c.name}`}
                      onClick={() => set({ vs: vs.filter((x) => x !== c.id).join(",") })}
                    >
                      ✕
                    </button>
                  )}
                </th>
                {o.ok ? (
                  <>
                    <td className="num">{formatValue(o.e.ttftMs)}</td>
                    <td className="num">{formatValue(o.e.tpotMs)}</td>
                    <td className="num">{formatValue(o.e.outputTokensPerSecPerChip)}</td>
                    <td className="num">
                      {formatValue(o.e.memory.totalGB)}
                      {o.e.memory.fits ? "" : " (does not fit)"}
                    </td>
                    <td className="num">{formatValue(o.e.energy.joulesPerToken)}</td>
                    <td className="num">{formatValue(o.e.costUsdPerMTokens)}</td>
                    <td>{o.e.bound.decode}</td>
                  </>
                ) : (
                  <td colSpan={7} className="muted">
                    {o.error}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="charts">
        <PlotFigure
          name="throughput-vs-batch"
          title={`Throughput vs batch: ${model.name}, ${precision}, TP ${tp}${ep > 1 ? ` · EP ${ep}` : ""}${attentionDp > 1 ? ` · attention DP ${attentionDp}` : ""}, ${isl}/${osl} tokens (band = calibration range)`}
          empty="No configuration fits in memory: try a larger TP or a lower precision."
          render={() =>
            bandLineChart(series, {
              width,
              height: 360,
              xLabel: "Batch (concurrent requests per rank) →",
              yLabel: "↑ Output tokens/s per chip",
              tip: (d) => `${d.chip}, batch ${d.x}: ${Math.round(d.y)} tok/s/chip`,
            })
          }
          depsKey={`${model.id}|${lineChips.map((c) => c.id).join()}|${precision}|${stack}|${tp}|${ep}|${attentionDp}|${isl}|${osl}|${width}`}
        />
      </div>
      <TrainingPanel model={model} chips={lineChips} perf={perf} state={state} set={set} width={width} />
    </section>
  );
}
