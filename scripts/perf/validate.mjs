// Validation report of the perf model (`npm run validate:perf` → `node scripts/perf/validate.mjs`):
// per (chip, stack, model) group, the median and worst absolute % error of TTFT, TPOT and output
// throughput against (a) the published measurements of data/perf/measurements.yaml and the silicon
// rows transcribed into data/perf/silicon.yaml, and (b) ../shared/reference/silicon_sample.csv when
// present (held-out rows only unless --all). Flags: --all, --json, --worst N (list the N worst rows).
import {
  estimateInference,
  estimateTraining,
  inferenceOptionsOf,
  inferenceWorkloadOf,
  poolComparisons,
  trainingOptionsOf,
} from "@dualtrack/core";
import {
  errorStats,
  fragmentSourceIds,
  ladderScatter,
  loadAll,
  median,
  pctError,
  predict,
  ratioOff,
  readSilicon,
  readSiliconDisaggregated,
} from "./lib.mjs";

const args = process.argv.slice(2);
const all = args.includes("--all");
const json = args.includes("--json");
const worstAt = args.indexOf("--worst");
const worstN = worstAt >= 0 ? Number(args[worstAt + 1] ?? 10) : 0;

const { catalog, perf, issues } = await loadAll(fragmentSourceIds());
if (issues.length > 0) {
  console.error(issues.join("\n"));
  process.exit(1);
}

/** Measurements in data/perf as prediction rows (replicas = chips / chips per instance). */
function measurementRows() {
  const rows = [];
  for (const m of perf.measurements) {
    if (m.kind !== "inference" || m.mode === "disaggregated") continue;
    rows.push({
      id: m.id,
      source: m.source,
      chip: m.chip,
      model: m.model,
      ...inferenceOptionsOf(m),
      batch: m.workload.batch,
      isl: m.workload.isl,
      osl: m.workload.osl,
      ttftMs: m.measured.ttftMs,
      tpotMs: m.measured.tpotMs,
      throughput: m.measured.outputTokensPerSec,
    });
  }
  return rows;
}

function groupReport(results, keyOf = (row) => `${row.chip} | ${row.stack} | ${row.model}`) {
  const groups = new Map();
  for (const r of results) {
    const key = keyOf(r.row);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  return [...groups].sort().map(([key, rs]) => {
    const stats = errorStats(rs);
    return { group: key, ...stats, targets: targetsMet(stats) };
  });
}

/**
 * The issue's targets for a calibrated group: median |error| ≤ 10% on TPOT and on throughput, ≤ 15% on
 * TTFT, and no point off by more than 1.5×. A metric the group has no measurement of does not count
 * against it.
 */
function targetsMet(s) {
  const le = (x, bound) => !Number.isFinite(x) || x <= bound;
  return {
    tpotAndThroughput: le(s.tpotMedianPct, 10) && le(s.throughputMedianPct, 10),
    ttft: le(s.ttftMedianPct, 15),
    worst: s.worstRatio <= 1.5,
  };
}

/** The groups on the chips the issue names (H100, H200, B200) and how many meet each target. */
function targetSummary(groups) {
  const mine = groups.filter((g) => /^(h100-sxm|h200-sxm|b200) /.test(g.group));
  const count = (f) => mine.filter(f).length;
  return {
    groups: mine.length,
    allMedians: count((g) => g.targets.tpotAndThroughput && g.targets.ttft),
    tpotAndThroughput: count((g) => g.targets.tpotAndThroughput),
    ttft: count((g) => g.targets.ttft),
    worst: count((g) => g.targets.worst),
    everything: count((g) => g.targets.tpotAndThroughput && g.targets.ttft && g.targets.worst),
  };
}

/**
 * The concurrency as read (batch × attention-DP ranks) against the client count each run recorded in
 * its `silicon_data_source` (`silicon_concurrency=…`), over the rows that carry one.
 */
function concurrencyCheck(rows) {
  const recorded = rows.filter((r) => Number.isFinite(r.sourceConcurrency));
  const disagreeing = recorded
    .filter((r) => r.sourceConcurrency !== r.batch * r.attentionDp)
    .map((r) => ({ id: r.id, recorded: r.sourceConcurrency, read: r.batch * r.attentionDp }));
  return { recorded: recorded.length, agree: recorded.length - disagreeing.length, disagreeing };
}

/**
 * Share of rows whose measured/predicted ratio lies inside the band the estimate reports for it (the
 * calibration entry's 5th–95th percentile band): ~90% is what the bands claim.
 */
function bandCoverage(results) {
  const ok = results.filter((r) => r.error === undefined && r.prepared !== undefined);
  const share = (metric, measured, predicted) => {
    const rs = ok.filter((r) => measured(r) !== undefined);
    const inside = rs.filter((r) => {
      const q = measured(r) / predicted(r);
      const b = r.prepared.band[metric];
      return q >= b.low - 1e-9 && q <= b.high + 1e-9;
    });
    return rs.length === 0 ? Number.NaN : (100 * inside.length) / rs.length;
  };
  return {
    throughputPct: share(
      "throughput",
      (r) => r.row.throughput,
      (r) => r.throughput,
    ),
    tpotPct: share(
      "tpot",
      (r) => r.row.tpotMs,
      (r) => r.tpotMs,
    ),
    ttftPct: share(
      "ttft",
      (r) => r.row.ttftMs,
      (r) => r.ttftMs,
    ),
  };
}

const fmt = (x) => (Number.isFinite(x) ? x.toFixed(1).padStart(6) : "     -");
function printTable(title, rows, head = "group (chip | stack | model)") {
  console.log(`\n${title}`);
  const scatter = rows.some((g) => g.ttftLadderScatterPct !== undefined);
  console.log(
    `${head.padEnd(48)} rows  TTFT med/worst %  TPOT med/worst %  thr med/worst %  worst×  ≤1.5× %  met${scatter ? "  TTFT ladder scatter % (rows)" : ""}`,
  );
  for (const g of rows)
    console.log(
      `${g.group.padEnd(48)} ${String(g.rows).padStart(4)}  ${fmt(g.ttftMedianPct)} ${fmt(g.ttftWorstPct)}     ${fmt(g.tpotMedianPct)} ${fmt(g.tpotWorstPct)}     ${fmt(g.throughputMedianPct)} ${fmt(g.throughputWorstPct)}  ${g.worstRatio.toFixed(2).padStart(6)}   ${fmt(g.within15Pct)}  ${g.targets.tpotAndThroughput ? "P" : "-"}${g.targets.ttft ? "F" : "-"}${g.targets.worst ? "W" : "-"}${scatter ? `  ${fmt(g.ttftLadderScatterPct)} (${g.ttftLadderRows})` : ""}`,
    );
  console.log(
    "met: P = median TPOT and throughput error ≤ 10%, F = median TTFT error ≤ 15%, W = no point off by more than 1.5×",
  );
  if (scatter)
    console.log(
      "TTFT ladder scatter: median distance of a held-out row's measured TTFT from the log-log line between the measured runs at the next lower and next higher concurrency of the same configuration — scatter in the data a smooth model cannot follow (a rough floor: real curvature counts too)",
    );
}

const report = {};
const anchors = predict(catalog, perf, measurementRows());
report.anchors = { overall: errorStats(anchors), groups: groupReport(anchors) };
const silicon = readSilicon(catalog);
let siliconResults = [];
if (silicon !== null) {
  const rows = all ? silicon.rows : silicon.rows.filter((r) => r.heldOut);
  siliconResults = predict(catalog, perf, rows);
  report.silicon = {
    rows: all ? "all" : "held-out",
    overall: errorStats(siliconResults),
    groups: groupReport(siliconResults),
    bandCoverage: bandCoverage(siliconResults),
    skipped: Object.fromEntries(silicon.skipped),
    correctedRows: silicon.correctedRows,
    concurrencyCheck: concurrencyCheck(silicon.rows),
  };
  report.silicon.targets = targetSummary(report.silicon.groups);
  const scatter = ladderScatter(silicon.rows, rows);
  for (const g of report.silicon.groups) {
    const sc = scatter.get(g.group);
    g.ttftLadderScatterPct = sc?.pct ?? Number.NaN;
    g.ttftLadderRows = sc?.rows ?? 0;
  }
  // The issue states its targets for calibrated (chip, stack) pairs: the same rows pooled over models.
  report.silicon.pairs = groupReport(
    siliconResults.filter((r) => /^(h100-sxm|h200-sxm|b200)$/.test(r.row.chip)),
    (row) => `${row.chip} | ${row.stack}`,
  );
}
/** Training rows: predicted vs measured tokens/s per chip (the training time is its inverse). */
function trainingReport() {
  const rows = [];
  for (const m of perf.measurements) {
    if (m.kind !== "training") continue;
    const model = catalog.models.find((x) => x.id === m.model);
    const chip = catalog.chips.find((x) => x.id === m.chip);
    const e = estimateTraining(model, chip, perf, m.chips, 1e12, trainingOptionsOf(m));
    rows.push({
      id: m.id,
      predicted: e.tokensPerSecPerChip,
      measured: m.measured.tokensPerSecPerChip,
      errorPct: pctError(e.tokensPerSecPerChip, m.measured.tokensPerSecPerChip),
      calibrated: e.calibrated,
    });
  }
  return { rows, medianPct: median(rows.map((r) => r.errorPct)) };
}
report.training = trainingReport();

/** Published disaggregated pools (data/perf) and the silicon sample's two-pool rows, predicted in disaggregated mode. */
function disaggregatedReport() {
  const modelOf = (id) => catalog.models.find((x) => x.id === id);
  const chipOf = (id) => catalog.chips.find((x) => x.id === id);
  const published = [];
  for (const m of perf.measurements) {
    if (m.kind !== "inference" || m.mode !== "disaggregated") continue;
    // the schema refuses batch: max on disaggregated rows
    const batch = m.workload.batch === "max" ? 1 : m.workload.batch;
    let e;
    try {
      e = estimateInference(
        modelOf(m.model),
        chipOf(m.chip),
        perf,
        inferenceOptionsOf(m),
        inferenceWorkloadOf(m, batch),
      );
    } catch (error) {
      published.push({
        id: m.id,
        metric: "error",
        error: error instanceof Error ? error.message : String(error),
      });
      continue;
    }
    for (const { metric, predicted, measured } of poolComparisons(m, e))
      published.push({
        id: m.id,
        chip: m.chip,
        metric,
        predicted,
        measured,
        errorPct: pctError(predicted, measured),
        calibrated: e.calibrated,
      });
  }
  const read = readSiliconDisaggregated(catalog);
  let silicon = null;
  if (read !== null) {
    const results = [];
    for (const r of read.rows) {
      try {
        const options = { precision: r.precision, stack: r.stack, ...r.decode, replicas: r.decodeWorkers };
        const e = estimateInference(modelOf(r.model), chipOf(r.chip), perf, options, {
          batch: r.batch,
          isl: r.isl,
          osl: r.osl,
          mode: "disaggregated",
          prefill: r.prefill,
        });
        results.push({ row: r, ttftMs: e.ttftMs, tpotMs: e.tpotMs });
      } catch (error) {
        results.push({ row: r, error: error instanceof Error ? error.message : String(error) });
      }
    }
    const ok = results.filter((x) => x.error === undefined);
    const stats = (xs) => ({
      rows: xs.length,
      tpotMedianPct: median(xs.map((x) => pctError(x.tpotMs, x.row.tpotMs))),
      tpotWithin1p5xPct: (100 * xs.filter((x) => ratioOff(x.tpotMs, x.row.tpotMs) <= 1.5).length) / xs.length,
      ttftMedianPct: median(xs.map((x) => pctError(x.ttftMs, x.row.ttftMs))),
      ttftMeasuredOverPredicted: median(xs.map((x) => x.row.ttftMs / x.ttftMs)),
    });
    const byPair = new Map();
    for (const x of ok) {
      const key = `${x.row.chip} | ${x.row.stack}`;
      byPair.set(key, [...(byPair.get(key) ?? []), x]);
    }
    silicon = {
      overall: stats(ok),
      pairs: [...byPair]
        .map(([pair, xs]) => ({ pair, ...stats(xs) }))
        .sort((a, b) => a.pair.localeCompare(b.pair)),
      failed: results.length - ok.length,
      incomplete: read.incomplete,
    };
  }
  return { published, silicon };
}
report.disaggregated = disaggregatedReport();

if (json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  printTable("(a) published measurements (data/perf/*.yaml)", report.anchors.groups);
  const o = report.anchors.overall;
  console.log(
    `overall: ${o.rows} rows, median TTFT ${fmt(o.ttftMedianPct)}%, TPOT ${fmt(o.tpotMedianPct)}%, throughput ${fmt(o.throughputMedianPct)}%, worst ×${o.worstRatio.toFixed(2)}`,
  );
  if (report.silicon !== undefined) {
    printTable(`(b) silicon_sample.csv, ${report.silicon.rows} aggregated rows`, report.silicon.groups);
    const s = report.silicon.overall;
    console.log(
      `overall: ${s.rows} rows, median TTFT ${fmt(s.ttftMedianPct)}%, TPOT ${fmt(s.tpotMedianPct)}%, throughput ${fmt(s.throughputMedianPct)}%, worst ×${s.worstRatio.toFixed(2)}`,
    );
    const t = report.silicon.targets;
    console.log(
      `H100/H200/B200 groups: ${t.groups}; every median target met: ${t.allMedians}; TPOT and throughput: ${t.tpotAndThroughput}; TTFT: ${t.ttft}; no point beyond 1.5×: ${t.worst}; all of these: ${t.everything}`,
    );
    printTable(
      "(b2) the same rows per calibrated (chip, stack) pair on H100/H200/B200, pooled over models (the pairs the targets are stated for); within 1.5× = share of rows whose TTFT, TPOT and throughput all are",
      report.silicon.pairs,
      "pair (chip | stack)",
    );
    const c = report.silicon.bandCoverage;
    console.log(
      `inside the reported band (claims ~90%; the bands are the 5th-95th percentiles of these held-out rows, widened for small entries, so this checks the widening rather than predicting new rows): throughput ${fmt(c.throughputPct)}%, TPOT ${fmt(c.tpotPct)}%, TTFT ${fmt(c.ttftPct)}%`,
    );
    const cc = report.silicon.concurrencyCheck;
    const first = cc.disagreeing[0];
    console.log(
      `concurrency as read (batch × attention-DP) vs the run's silicon_concurrency: ${cc.agree} of ${cc.recorded} rows agree${first === undefined ? "" : `; ${cc.disagreeing.length} do not, e.g. ${first.id} (${first.recorded} vs ${first.read})`}`,
    );
    const skipped = Object.entries(report.silicon.skipped).map(([why, n]) => `${n} ${why}`);
    console.log(
      `read: ${silicon.rows.length} rows (${silicon.rows.filter((r) => r.heldOut).length} held out); not used: ${skipped.join("; ")}; ${report.silicon.correctedRows} rows' parallel layout read from their id (scripts/perf/lib.mjs parallelOf)`,
    );
  } else console.log("\n(b) silicon_sample.csv not found beside the checkout: skipped");
  console.log("\n(c) training: tokens/s per chip, predicted vs measured");
  for (const r of report.training.rows)
    console.log(
      `${r.id.padEnd(56)} ${r.predicted.toFixed(0).padStart(7)} vs ${r.measured.toFixed(0).padStart(7)}  ${fmt(r.errorPct)}%${r.calibrated ? "" : "  (uncalibrated)"}`,
    );
  console.log(`median |error| ${fmt(report.training.medianPct)}%`);
  const d = report.disaggregated;
  console.log(
    "\n(d) disaggregated pools (large expert parallelism; predicted with the aggregated calibration, not fitted on these)",
  );
  for (const r of d.published)
    if (r.error !== undefined) console.log(`${r.id.padEnd(52)} cannot be estimated: ${r.error}`);
    else
      console.log(
        `${r.id.padEnd(52)} ${r.metric.padEnd(19)} ${r.predicted.toFixed(1).padStart(8)} vs ${r.measured.toFixed(1).padStart(8)}  ×${(r.predicted / r.measured).toFixed(2)}${r.calibrated ? "" : "  (uncalibrated)"}`,
      );
  const scored = d.published.filter((r) => r.error === undefined);
  console.log(`median |error| ${fmt(median(scored.map((r) => r.errorPct)))}% over ${scored.length} values`);
  if (d.silicon !== null) {
    const line = (label, s) =>
      `${label.padEnd(28)} ${String(s.rows).padStart(4)}  TPOT ${fmt(s.tpotMedianPct)}% (${fmt(s.tpotWithin1p5xPct)}% within 1.5×)  TTFT ${fmt(s.ttftMedianPct)}% (measured ÷ predicted ${s.ttftMeasuredOverPredicted.toFixed(2)})`;
    console.log("silicon_sample.csv rows that record both pools:");
    for (const p of d.silicon.pairs) console.log(line(p.pair, p));
    console.log(line("all", d.silicon.overall));
    console.log(
      `${d.silicon.incomplete} disaggregated rows leave the worker counts or decode batch blank (not usable); ${d.silicon.failed} failed to evaluate. TTFT here is the unqueued prefill + KV hand-over: these runs use fixed, small prefill pools and their TTFT holds queueing and the framework's disaggregation path`,
    );
  }
  if (worstN > 0) {
    const scored = [...anchors, ...siliconResults]
      .filter((r) => r.error === undefined)
      .map((r) => {
        let w = 1;
        for (const [p, m] of [
          [r.ttftMs, r.row.ttftMs],
          [r.tpotMs, r.row.tpotMs],
          [r.throughput, r.row.throughput],
        ])
          if (m !== undefined) w = Math.max(w, ratioOff(p, m));
        return { r, w };
      })
      .sort((a, b) => b.w - a.w)
      .slice(0, worstN);
    console.log(`\nworst ${worstN} rows:`);
    for (const { r, w } of scored)
      console.log(
        `×${w.toFixed(2)} ${r.row.id} ${r.row.chip} ${r.row.stack} ${r.row.model} ${r.row.precision} tp${r.row.tp} ep${r.row.ep} dp${r.row.attentionDp} b${r.row.batch}→${r.batch} ${r.row.isl}/${r.row.osl}: ttft ${r.ttftMs.toFixed(1)} vs ${r.row.ttftMs ?? "-"}, tpot ${r.tpotMs.toFixed(2)} vs ${r.row.tpotMs ?? "-"}, thr ${r.throughput.toFixed(0)} vs ${r.row.throughput?.toFixed(0) ?? "-"}`,
      );
  }
  const errors = [...anchors, ...siliconResults].filter((r) => r.error !== undefined);
  if (errors.length > 0)
    console.log(
      `\n${errors.length} rows could not be estimated, e.g. ${errors[0].row.id}: ${errors[0].error}`,
    );
}
void pctError;
