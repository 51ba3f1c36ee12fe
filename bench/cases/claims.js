// Evidence ledger: build the whole ledger from the raw files of data/ (catalog, policy rules, perf data,
// 51 claims) and run every check, policy engine and perf model included. The files are read once; the
// timed part is the pure buildLedger, what an API request for /api/claims costs.
import { buildLedger } from "@dualtrack/core";
import { readCatalogFiles } from "@dualtrack/runner";

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

export async function run() {
  const bench = "claims";
  const { files } = await readCatalogFiles();
  buildLedger(files); // warm-up (JIT)
  const times = [];
  let ledger;
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    ledger = buildLedger(files);
    times.push(performance.now() - t0);
  }
  const drifted = ledger.results.filter((r) => r.verdict !== r.expected).length;
  return [
    {
      bench,
      metric: `buildLedger, ${ledger.results.length} claims (median of 10)`,
      value: Number(median(times).toFixed(1)),
      unit: "ms",
      target: "< 250",
      ok: median(times) < 250 && ledger.issues.length === 0,
    },
    {
      bench,
      metric: "claims whose verdict drifted from the recorded one",
      value: drifted,
      unit: "claims",
      target: "0",
      ok: drifted === 0,
    },
  ];
}
