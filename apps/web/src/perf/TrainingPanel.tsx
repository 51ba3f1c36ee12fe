import {
  type Chip,
  estimateTraining,
  type Model,
  type PerfData,
  TRAINING_PRECISIONS,
  type TrainingEstimate,
  type TrainingPrecision,
} from "@dualtrack/core";
import { Card } from "../components/Card.js";
import { NumberField } from "../components/NumberField.js";
import { ParamSelect } from "../components/ParamSelect.js";
import { PlotFigure } from "../components/PlotFigure.js";
import { formatValue } from "../lib/columns.js";
import { clampParam, numberParam, type UrlState } from "../lib/urlState.js";
import { attempt, type Outcome } from "./attempt.js";
import { type BandPoint, bandLineChart } from "./bandLineChart.js";

/** Chip counts of the scaling chart: 64 to 65,536. */
const SCALE = Array.from({ length: 11 }, (_, i) => 64 * 2 ** i);
const DAY_SEC = 86_400;

interface Run {
  readonly tokens: number;
  readonly precision: TrainingPrecision;
  readonly seqLen: number;
  /** Sequences per optimizer step; undefined: the model's default (16,777,216 tokens). */
  readonly batchSequences: number | undefined;
}

function train(model: Model, chip: Chip, perf: PerfData, chips: number, run: Run): Outcome<TrainingEstimate> {
  const { tokens, precision, seqLen, batchSequences } = run;
  const options =
    batchSequences === undefined
      ? { precision, seqLen }
      : { precision, seqLen, globalBatchTokens: batchSequences * seqLen };
  return attempt(() => estimateTraining(model, chip, perf, chips, tokens, options));
}

/**
 * Training on the view's model: time to train T tokens on N chips of the selected chip (`estimateTraining`,
 * the `dualtrack train` model), and days against the chip count for it and the compared chips. URL state:
 * `trainChips`, `trainTokens` (trillions), `trainPrecision`, `trainSeq`, `trainGbs` (sequences a step).
 */
export function TrainingPanel(props: {
  readonly model: Model;
  /** The selected chip first, then the compared ones. */
  readonly chips: readonly Chip[];
  readonly perf: PerfData;
  readonly state: UrlState;
  readonly set: (patch: Readonly<Record<string, string>>) => void;
  readonly width: number;
}) {
  const { model, chips, perf, state, set, width } = props;
  const chip = chips[0];
  if (chip === undefined) return null;
  const n = Math.round(clampParam(numberParam(state, "trainChips"), 1, 1_000_000, 1024));
  const trillions = clampParam(numberParam(state, "trainTokens"), 0.001, 1000, 1);
  // bf16 as `dualtrack train` and POST /api/train default to
  const precision = TRAINING_PRECISIONS.find((p) => p === state.trainPrecision) ?? "bf16";
  const seqLen = Math.round(clampParam(numberParam(state, "trainSeq"), 128, 1_048_576, 8192));
  const gbs = numberParam(state, "trainGbs");
  const batchSequences = gbs === null ? undefined : Math.round(clampParam(gbs, 1, 10_000_000, 2048));
  const run: Run = { tokens: trillions * 1e12, precision, seqLen, batchSequences };
  const outcome = train(model, chip, perf, n, run);
  const points: BandPoint[] = [];
  for (const c of chips)
    for (const k of SCALE) {
      const o = train(model, c, perf, k, run);
      if (!o.ok || !o.e.memory.fits) continue;
      points.push({
        chip: c.name,
        x: k,
        y: o.e.days,
        low: o.e.band.low / DAY_SEC,
        high: o.e.band.high / DAY_SEC,
      });
    }
  const input = (name: string, value: number, label: string, step: string) => (
    <NumberField name={name} label={label} step={step} shown={state[name] ?? String(value)} set={set} />
  );
  const f = formatValue;
  return (
    <section aria-labelledby="train-title" className="training">
      <h3 id="train-title">
        Training {model.name} on {chip.name}
      </h3>
      <form className="controls" onSubmit={(e) => e.preventDefault()} aria-label="Training run">
        {input("trainChips", n, "Chips", "1")}
        {input("trainTokens", trillions, "Tokens (trillions)", "any")}
        <ParamSelect
          name="trainPrecision"
          label="Precision"
          value={precision}
          options={TRAINING_PRECISIONS}
          set={set}
        />
        {input("trainSeq", seqLen, "Sequence length", "1")}
        <label title="sequences per optimizer step; empty: 16,777,216 tokens (Llama 3 405B's main batch)">
          Global batch (sequences)
          <input
            type="number"
            name="trainGbs"
            className="short"
            min={1}
            step="1"
            placeholder={String(Math.round(16_777_216 / seqLen))}
            value={state.trainGbs ?? ""}
            onChange={(e) => set({ trainGbs: e.target.value })}
          />
        </label>
      </form>
      {outcome.ok ? (
        <>
          <div className="cards" aria-live="polite">
            <Card
              id="train-days"
              label="Time to train"
              value={`${f(outcome.e.days)} days`}
              band={`${f(outcome.e.band.low / DAY_SEC)}–${f(outcome.e.band.high / DAY_SEC)} days${outcome.e.calibrated ? "" : " (uncalibrated)"}`}
            />
            <Card
              id="train-per-chip"
              label="Tokens/s per chip"
              value={f(outcome.e.tokensPerSecPerChip)}
              band={`${f(outcome.e.tokensPerSec)} tok/s in all`}
            />
            <Card
              id="train-mfu"
              label="MFU"
              value={`${f(outcome.e.mfu * 100)}%`}
              band={`${outcome.e.stack} · ${outcome.e.precision}`}
            />
            <Card
              id="train-layout"
              label="Layout"
              value={`TP ${outcome.e.parallel.tp} · PP ${outcome.e.parallel.pp} · CP ${outcome.e.parallel.cp}`}
              band={`DP ${outcome.e.parallel.dp}, ZeRO-${outcome.e.parallel.zero}, recompute ${outcome.e.parallel.recompute}`}
            />
            <Card
              id="train-bubble"
              label="Pipeline bubble"
              value={`${f(outcome.e.comm.pipelineBubble * 100)}%`}
              band={`${f(outcome.e.parallel.microBatches)} micro-batches per rank${outcome.e.parallel.pp > 1 ? (outcome.e.parallel.vp > 1 ? `, ${outcome.e.parallel.vp} virtual stages each` : ", not interleaved") : ""}`}
              bad={outcome.e.comm.pipelineBubble > 0.25}
            />
            <Card
              id="train-memory"
              label="Memory per chip"
              value={`${f(outcome.e.memory.totalGB)} / ${f(outcome.e.memory.capacityGB)} GB`}
              band={outcome.e.memory.fits ? "fits" : "does not fit"}
              bad={!outcome.e.memory.fits}
            />
          </div>
          <p className="note">
            calibration: {outcome.e.calibration.scope} ({outcome.e.calibration.kind}) —{" "}
            {outcome.e.calibration.note}
            {outcome.e.warnings.length > 0 ? ` · ${outcome.e.warnings.join("; ")}` : ""}
          </p>
        </>
      ) : (
        <div className="error" role="alert" data-card="train-error">
          <p>
            No training estimate for {model.name} on {n} × {chip.name}: {outcome.error}
          </p>
        </div>
      )}
      <div className="charts">
        <PlotFigure
          name="train-days-vs-chips"
          title={`Days to train ${model.name} on ${trillions}T tokens (${precision}, sequence ${seqLen}) vs chips; band = calibration range`}
          empty="The model does not fit on any of these chip counts."
          render={() =>
            bandLineChart(points, {
              width,
              height: 340,
              xLabel: "Chips →",
              yLabel: "↑ Days to train",
              logY: true,
              tip: (d) => `${d.chip}, ${d.x.toLocaleString("en-US")} chips: ${formatValue(d.y)} days`,
            })
          }
          depsKey={`${model.id}|${chips.map((c) => c.id).join()}|${trillions}|${precision}|${seqLen}|${batchSequences}|${width}`}
        />
      </div>
    </section>
  );
}
