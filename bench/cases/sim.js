// Simulator speed: 10,000 replications × 40 quarters of the baseline scenario on 2 worker threads
// (target < 5 s), plus the main thread's memory growth between 2,000 and 10,000 replications (streaming
// aggregation keeps it flat: the target is < 50 MB).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSimulationPool, loadScenario } from "@dualtrack/runner";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

export async function run() {
  const scenario = await loadScenario(join(root, "examples/scenarios/baseline.yaml"));
  const pool = createSimulationPool(2);
  try {
    await pool.simulate(scenario, { runs: 400, seed: 1 }); // start threads and warm the JIT
    const quarters = (await pool.simulate(scenario, { runs: 2, seed: 1 })).quarters.length;
    globalThis.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    await pool.simulate(scenario, { runs: 2000, seed: 2 });
    const heap2k = process.memoryUsage().heapUsed - heap0;
    const t0 = performance.now();
    await pool.simulate(scenario, { runs: 10_000, seed: 3 });
    const seconds = (performance.now() - t0) / 1000;
    const heap10k = process.memoryUsage().heapUsed - heap0;
    const growthMb = Math.max(0, heap10k - heap2k) / 1e6;
    return [
      {
        bench: "sim",
        metric: `10,000 runs × ${quarters} quarters, 2 workers`,
        value: seconds,
        unit: "s",
        target: "< 5",
        ok: seconds < 5,
      },
      {
        bench: "sim",
        metric: "replications per second, 2 workers",
        value: 10_000 / seconds,
        unit: "runs/s",
        target: "> 2000",
        ok: 10_000 / seconds > 2000,
      },
      {
        bench: "sim",
        metric: "main-thread heap growth, 2k → 10k runs",
        value: growthMb,
        unit: "MB",
        target: "< 50 (flat in runs)",
        ok: growthMb < 50,
      },
    ];
  } finally {
    await pool.destroy();
  }
}
