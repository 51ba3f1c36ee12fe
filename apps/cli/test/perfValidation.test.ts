import {
  buildCatalog,
  buildPerfData,
  estimateInference,
  estimateTraining,
  type InferenceMeasurement,
  inferenceOptionsOf,
  inferenceWorkloadOf,
  maxThroughputBatch,
  poolComparisons,
  prepareInference,
  serveInto,
  servePoint,
  type TrainingMeasurement,
  trainingOptionsOf,
} from "@dualtrack/core";
import { readCatalogFiles } from "@dualtrack/runner";
import { describe, expect, test } from "vitest";

/**
 * Regression gate of the perf model's accuracy against the measurements kept in the repository:
 * data/perf/measurements.yaml (published MLPerf, TensorRT-LLM, NIM and vLLM figures) and
 * data/perf/silicon.yaml (held-out AIConfigurator silicon rows the fit never saw). The bounds sit a
 * little above the errors measured when the calibration was fitted (docs/perf.md); a change that makes
 * the model worse than that fails here.
 */
const { files } = await readCatalogFiles();
const { catalog } = buildCatalog(files);
const perf = buildPerfData(
  files.perf,
  catalog.sources.map((s) => s.id),
  catalog,
);

interface Errors {
  ttft: number[];
  tpot: number[];
  throughput: number[];
  worst: number;
}

function errorsOf(rows: readonly InferenceMeasurement[]): Errors {
  const out: Errors = { ttft: [], tpot: [], throughput: [], worst: 1 };
  const point = servePoint();
  for (const m of rows) {
    const model = catalog.models.find((x) => x.id === m.model);
    const chip = catalog.chips.find((x) => x.id === m.chip);
    if (model === undefined || chip === undefined) throw new Error(`${m.id}: unknown model or chip`);
    const p = prepareInference(model, chip, perf.data, inferenceOptionsOf(m));
    const { isl, osl } = m.workload;
    const batch = m.workload.batch === "max" ? maxThroughputBatch(p, isl, osl) : m.workload.batch;
    serveInto(p, batch, isl, osl, point);
    const add = (list: number[], pred: number, meas: number | undefined) => {
      if (meas === undefined) return;
      list.push((100 * Math.abs(pred - meas)) / meas);
      out.worst = Math.max(out.worst, pred / meas, meas / pred);
    };
    add(out.ttft, point.ttftMs, m.measured.ttftMs);
    add(out.tpot, point.tpotMs, m.measured.tpotMs);
    add(out.throughput, point.outputTokensPerSec, m.measured.outputTokensPerSec);
  }
  return out;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1
    ? (s[mid] ?? Number.NaN)
    : ((s[mid - 1] ?? Number.NaN) + (s[mid] ?? Number.NaN)) / 2;
};

const inference = perf.data.measurements.filter((m): m is InferenceMeasurement => m.kind === "inference");
const aggregated = inference.filter((m) => m.mode !== "disaggregated");
const published = aggregated.filter((m) => !m.source.includes("aiconfigurator-silicon-sample"));
const silicon = aggregated.filter((m) => m.source.includes("aiconfigurator-silicon-sample"));
const disaggregated = inference.filter((m) => m.mode === "disaggregated");

/** predicted ÷ measured of each per-chip rate or TPOT a disaggregated pool measurement gives. */
function disaggregatedRatios(rows: readonly InferenceMeasurement[]): { id: string; ratio: number }[] {
  const out: { id: string; ratio: number }[] = [];
  for (const m of rows) {
    const model = catalog.models.find((x) => x.id === m.model);
    const chip = catalog.chips.find((x) => x.id === m.chip);
    if (model === undefined || chip === undefined) throw new Error(`${m.id}: unknown model or chip`);
    const batch = m.workload.batch === "max" ? 1 : m.workload.batch;
    const e = estimateInference(model, chip, perf.data, inferenceOptionsOf(m), inferenceWorkloadOf(m, batch));
    for (const c of poolComparisons(m, e)) out.push({ id: m.id, ratio: c.predicted / c.measured });
  }
  return out;
}

describe("perf model accuracy (regression gate)", () => {
  test("the perf data validates", () => {
    expect(perf.issues).toEqual([]);
    expect(published.length).toBeGreaterThanOrEqual(30);
    expect(silicon.length).toBeGreaterThanOrEqual(150);
  });

  test("a model's serving-configuration entry names its chip and a catalog model", () => {
    const fitted = files.perf.find((f) => f.path.endsWith("fitted.yaml"));
    const data = fitted?.data as { stacks: Record<string, unknown>[] } | undefined;
    const entry = data?.stacks.find((e) => e.model !== undefined);
    expect(entry).toBeDefined();
    const broken = (over: Record<string, unknown>) => {
      const { chip: _chip, ...rest } = entry ?? {};
      const bad = over.chip === undefined ? { ...rest, ...over } : { ...entry, ...over };
      const file = {
        ...fitted,
        path: "data/perf/extra.yaml",
        data: { stacks: [bad] },
      } as (typeof files.perf)[number];
      return buildPerfData(
        [...files.perf, file],
        catalog.sources.map((s) => s.id),
        catalog,
      ).issues.map((i) => i.message);
    };
    expect(broken({ model: "llama-3.1-8b" }).join("\n")).toContain("a model's entry names its chip");
    expect(broken({ chip: "h100-sxm", model: undefined, precision: "fp8" }).join("\n")).toContain(
      "a precision applies to a model's entry only",
    );
    expect(broken({ chip: "h100-sxm", model: undefined, layout: "ep" }).join("\n")).toContain(
      "a layout applies to a model's entry only",
    );
    // one entry per (chip, model, precision, layout): a second ep entry of the same model is a duplicate
    const layoutEntry = data?.stacks.find((e) => e.layout !== undefined);
    expect(layoutEntry).toBeDefined();
    expect(broken({ ...layoutEntry }).join("\n")).toMatch(/duplicate entry for chip .* layout (tp|ep|dp)/);
    // A single source id (a string, not a list) is checked too.
    const provenance = { ...(entry?.provenance as Record<string, unknown>), source: "no-such-source" };
    expect(broken({ chip: "h100-sxm", provenance }).join("\n")).toContain(
      "source id 'no-such-source' does not resolve",
    );
    expect(broken({ chip: "h100-sxm", model: "no-such-model" }).join("\n")).toContain(
      "model id 'no-such-model' is not in the catalog",
    );
  });

  test("published anchors: median error ≤ 11% on throughput, ≤ 12% on TPOT, ≤ 12% on TTFT; no point off by more than 1.45×", () => {
    const e = errorsOf(published);
    console.info(
      `published anchors: ${published.length} rows, median |error| throughput ${median(e.throughput).toFixed(1)}%, TTFT ${median(e.ttft).toFixed(1)}%, TPOT ${median(e.tpot).toFixed(1)}%, worst ×${e.worst.toFixed(2)}`,
    );
    // measured at fit time (2026-11-23, fit on the de-duplicated sample with layout entries, 34 anchors):
    // throughput 9.9%, TPOT 10.1%, TTFT 10.5% (4 batch-1 rows), worst ×1.40 (earlier fits on 33: 14.2%,
    // 10.1%, 10.5%, ×1.36); 10.1% throughput once the Hopper family's attention was held at 0.667
    expect(median(e.throughput)).toBeLessThanOrEqual(11);
    expect(median(e.tpot)).toBeLessThanOrEqual(12);
    expect(median(e.ttft)).toBeLessThanOrEqual(12);
    expect(e.worst).toBeLessThanOrEqual(1.45);
  });

  test("disaggregated pools (CloudMatrix384, LMSYS 96×H100, Ant H20): median error ≤ 16%; all but the H20 prefill within 1.45×, H20 prefill ×0.35–0.6", () => {
    const r = disaggregatedRatios(disaggregated);
    const errors = r.map((x) => 100 * Math.abs(x.ratio - 1));
    console.info(
      `disaggregated pools: ${r.length} values, median |error| ${median(errors).toFixed(1)}%, ratios ${r.map((x) => x.ratio.toFixed(2)).join(" ")}`,
    );
    // measured when added (2026-11-23, 17 values of 12 published pools, aggregated calibration unchanged):
    // median 14.3%; 910C decode ×0.73-1.39, prefill ×0.81; H100 decode ×1.14, prefill ×0.85-0.97; H20
    // ×0.34-0.36 (decode attention priced at the fitted 0.2 of the bf16 peak: compute-bound on the H20).
    // With the Hopper family's attention held at FlashMLA's 0.667 (scripts/perf/fit.mjs FAMILY_HELD): H20
    // decode ×0.70, prefill ×0.44, median 14.2% (docs/perf.md (d))
    expect(r.length).toBe(17);
    expect(median(errors)).toBeLessThanOrEqual(16);
    for (const x of r) {
      if (x.id === "ant-h20-deepseek-r1-prefill-tp8-4096") {
        // a known miss (docs/perf.md (d)), held in a band so that it cannot drift unnoticed
        expect(x.ratio, x.id).toBeGreaterThan(0.35);
        expect(x.ratio, x.id).toBeLessThan(0.6);
      } else expect(Math.max(x.ratio, 1 / x.ratio), x.id).toBeLessThanOrEqual(1.45);
    }
  });

  test("held-out silicon rows: median TPOT error ≤ 6.5%, TTFT ≤ 16%", () => {
    const e = errorsOf(silicon);
    console.info(
      `held-out silicon rows: ${silicon.length} rows, median |error| TPOT ${median(e.tpot).toFixed(1)}%, TTFT ${median(e.ttft).toFixed(1)}%, worst ×${e.worst.toFixed(2)}`,
    );
    // measured at fit time (2026-11-23, 159 rows of the de-duplicated sample): TPOT 5.5%, TTFT 15.4%;
    // 14.8% after the `_tp4_epnone_` rows were read with their own chip count
    // (171 rows before de-duplication and layout entries: 6.8%, 15.2%; first fits: 15.9%, 42.1%)
    expect(median(e.tpot)).toBeLessThanOrEqual(6.5);
    expect(median(e.ttft)).toBeLessThanOrEqual(16);
  });

  test("training, MLPerf Training v5.0 Llama 3.1 405B (held out: the MFU is fitted on Megatron-Bridge): median error ≤ 15%, none beyond 1.3×", () => {
    const held = perf.data.measurements.filter(
      (m): m is TrainingMeasurement => m.kind === "training" && m.source.includes("mlperf-training-v5.0"),
    );
    expect(held.map((m) => m.chips)).toEqual([512, 8192, 1024]);
    const ratios = held.map((m) => {
      const model = catalog.models.find((x) => x.id === m.model);
      const chip = catalog.chips.find((x) => x.id === m.chip);
      if (model === undefined || chip === undefined) throw new Error(`${m.id}: unknown model or chip`);
      // the published layout and batch of each run (all three are FP8)
      expect(m.precision).toBe("fp8");
      const e = estimateTraining(model, chip, perf.data, m.chips, 1e12, trainingOptionsOf(m));
      return e.tokensPerSecPerChip / m.measured.tokensPerSecPerChip;
    });
    // at the MLPerf-log correction with the pipeline bubble charged (2026-11-23): predicted 289, 280 and
    // 290 tok/s per GPU (TP8 PP8 CP2 VP8 at 288 and 24 micro-batches per rank; the H200 run's layout is
    // unpublished) against 334.1 (512 H100), 292.3 (8,192 H100) and 360.6 (1,024 H200) measured in the
    // training blocks: errors 13.4%, 4.2%, 19.6% (median 13.4%); the H200 row's ×1.24 is the worst (one
    // Hopper FP8 MFU, no H200 training calibration). Before the bubble was charged: 13.2%, 0.7%, 19.5%.
    const errors = ratios.map((r) => 100 * Math.abs(r - 1));
    console.info(`MLPerf 405B training: errors ${errors.map((x) => x.toFixed(1)).join("%, ")}%`);
    expect(median(errors)).toBeLessThanOrEqual(15);
    expect(Math.max(...ratios.map((r) => Math.max(r, 1 / r)))).toBeLessThanOrEqual(1.3);
  });
});
