// Perf-model benchmarks (issue 4): evaluations per second of the inference estimate on one core, and a
// full sweep of every chip × model × precision × batch. Uses the built packages.
import {
  buildCatalog,
  buildPerfData,
  estimateInference,
  PERF_PRECISIONS,
  prepareInference,
  serveInto,
  servePoint,
} from "@dualtrack/core";
import { readCatalogFiles } from "@dualtrack/runner";

const TARGET_EVALS_PER_SEC = 2_000_000;
const BATCHES = [1, 8, 64, 256];

export async function run() {
  const { files } = await readCatalogFiles();
  const { catalog } = buildCatalog(files);
  const perf = buildPerfData(
    files.perf,
    catalog.sources.map((s) => s.id),
    catalog,
  ).data;
  const chip = (id) => catalog.chips.find((c) => c.id === id);
  const model = (id) => catalog.models.find((m) => m.id === id);

  // (1) one serving point (prefill + decode step + TTFT/TPOT/throughput) on a prepared configuration:
  // the inner loop of sweeps, fits and the dashboard. Varying batch and lengths defeats constant folding.
  const prepared = [
    prepareInference(model("llama-3.1-70b"), chip("h100-sxm"), perf, { precision: "fp8", tp: 4 }),
    prepareInference(model("deepseek-r1"), chip("h200-sxm"), perf, { precision: "fp8", tp: 8, ep: 8 }),
    prepareInference(model("llama-3.1-8b"), chip("b200"), perf, { precision: "fp4" }),
  ];
  const out = servePoint();
  let sink = 0;
  const evalLoop = (n) => {
    for (let i = 0; i < n; i++) {
      serveInto(prepared[i % 3], 1 + (i & 255), 128 + (i & 1023), 64 + (i & 511), out);
      sink += out.tpotMs;
    }
  };
  evalLoop(200_000); // warm-up
  const n = 3_000_000;
  const t0 = performance.now();
  evalLoop(n);
  const evalsPerSec = n / ((performance.now() - t0) / 1000);

  // (2) full estimates (prepare + serve + memory, energy, cost, band) over every chip × model ×
  // precision × batch: the sweep a planner runs.
  let estimates = 0;
  let failed = 0;
  const t1 = performance.now();
  for (const c of catalog.chips)
    for (const m of catalog.models)
      for (const precision of PERF_PRECISIONS)
        for (const batch of BATCHES) {
          try {
            const e = estimateInference(m, c, perf, { precision, tp: 8 }, { batch, isl: 1024, osl: 1024 });
            sink += e.outputTokensPerSec;
            estimates++;
          } catch {
            failed++; // chips without a memory bandwidth or 16-bit rate in the catalog
          }
        }
  const sweepSec = (performance.now() - t1) / 1000;
  if (sink === 42) console.log("");
  return [
    {
      bench: "perf",
      metric: "serving-point evaluations/s (1 core)",
      value: evalsPerSec,
      unit: "evals/s",
      target: `>= ${TARGET_EVALS_PER_SEC.toLocaleString("en-US")}`,
      ok: evalsPerSec >= TARGET_EVALS_PER_SEC,
    },
    {
      bench: "perf",
      metric: `full sweep: ${catalog.chips.length} chips × ${catalog.models.length} models × ${PERF_PRECISIONS.length} precisions × ${BATCHES.length} batches`,
      value: sweepSec,
      unit: "s",
      target: `<= 5 (${estimates} estimates, ${failed} not estimable)`,
      ok: sweepSec <= 5,
    },
    {
      bench: "perf",
      metric: "full estimates/s in the sweep",
      value: estimates / sweepSec,
      unit: "estimates/s",
      target: "",
    },
  ];
}
