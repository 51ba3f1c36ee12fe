// Shared helpers of the perf calibration (fit.mjs) and validation (validate.mjs) scripts.
// They use the built packages: run `npx tsc -b` first.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildCatalog,
  buildPerfData,
  formatIssue,
  maxThroughputBatch,
  prepareInference,
  serveInto,
  servePoint,
} from "@dualtrack/core";
import { readCatalogFiles } from "@dualtrack/runner";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DATA = join(ROOT, "data");
/** The AIConfigurator silicon sample beside the checkout (not part of the repository). */
export const CSV_PATH =
  process.env.DUALTRACK_SILICON_CSV ?? resolve(ROOT, "../shared/reference/silicon_sample.csv");

/** Loads the catalog and the perf data; extra source ids (a fragment not merged yet) may be passed. */
export async function loadAll(extraSourceIds = []) {
  const { files, issues: readIssues } = await readCatalogFiles(DATA);
  const { catalog, issues } = buildCatalog(files);
  const known = [...catalog.sources.map((s) => s.id), ...extraSourceIds];
  const perf = buildPerfData(files.perf, known, catalog);
  const all = [...readIssues, ...issues, ...perf.issues];
  return { files, catalog, perf: perf.data, issues: all.map(formatIssue) };
}

/** CSV `system` → catalog chip id. */
export const SYSTEM_TO_CHIP = {
  h100_sxm: "h100-sxm",
  h200_sxm: "h200-sxm",
  b200_sxm: "b200",
  b300_sxm: "b300",
  gb200: "gb200",
  gb300: "gb300",
};

/** CSV `model_path` → catalog model id (checkpoints of one architecture map to the same id). */
export const MODEL_TO_ID = {
  "deepseek-ai/DeepSeek-R1": "deepseek-r1",
  "nvidia/DeepSeek-R1-NVFP4": "deepseek-r1",
  "deepseek-ai/DeepSeek-V3": "deepseek-v3",
  "nvidia/DeepSeek-V3.1-NVFP4": "deepseek-v3",
  "MiniMaxAI/MiniMax-M2.5": "minimax-m2.5",
  "openai/gpt-oss-120b": "gpt-oss-120b",
  "meta-llama/Llama-3.1-70B": "llama-3.1-70b",
  "meta-llama/Llama-3.1-8B-Instruct": "llama-3.1-8b",
  "nvidia/Llama-3.1-8B-Instruct-FP8": "llama-3.1-8b",
  "Qwen/Qwen3-32B": "qwen3-32b",
  "nvidia/Qwen3-32B-NVFP4": "qwen3-32b",
  "Qwen/Qwen3-235B-A22B-FP8": "qwen3-235b-a22b",
  "Qwen/Qwen3.5-397B-A17B": "qwen3.5-397b-a17b",
  "moonshotai/Kimi-K2.5": "kimi-k2.5",
  "zhipuai/GLM-5": "glm-5",
};

/** CSV precision → perf precision: blank means the checkpoint's BF16. */
function precisionOf(row) {
  const p = row.precision;
  if (p === "fp8" || p === "fp4" || p === "int4" || p === "bf16") return p;
  return "bf16";
}

const int = (s, fallback) => {
  const n = Number.parseInt(s, 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

/** FNV-1a hash of a string, for the deterministic train/held-out split. */
export function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Every fifth row (by hash of its id) is held out of the fit. */
export const isHeldOut = (id) => hash(id) % 5 === 0;

/**
 * The sample's lines as records keyed by the header, null when the file is missing; a line with the
 * wrong number of cells is left out and reported to `onMalformed`. Also the catalog's chip and model ids.
 */
function csvRecords(catalog, path, onMalformed = () => {}) {
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, "utf8").trim().split(/\r?\n/);
  const header = (lines.shift() ?? "").split(",");
  const records = [];
  for (const line of lines) {
    const cells = line.split(",");
    if (cells.length !== header.length) onMalformed();
    else records.push(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""])));
  }
  return {
    records,
    chips: new Set(catalog.chips.map((c) => c.id)),
    models: new Set(catalog.models.map((m) => m.id)),
  };
}

/**
 * Reads the aggregated-mode rows of silicon_sample.csv that map onto the catalog, or null when the file
 * is absent. Each row: { id, chip, model, stack, precision, tp, pp, ep, attentionDp, batch, isl, osl,
 * ttftMs, tpotMs, throughput, heldOut, version, namedParallel }. throughput =
 * batch·attentionDp·osl/(TTFT + (osl−1)·TPOT) per instance (derived the way the serving model defines
 * it). Also `skipped` (reason → count, duplicates included) and `correctedRows` (layouts read from the id,
 * see parallelOf).
 */
export function readSilicon(catalog, path = CSV_PATH) {
  const skipped = new Map();
  const skip = (why) => skipped.set(why, (skipped.get(why) ?? 0) + 1);
  const csv = csvRecords(catalog, path, () => skip("malformed line"));
  if (csv === null) return null;
  const { records, chips, models } = csv;
  const rows = [];
  let correctedRows = 0;
  for (const r of records) {
    if (r.mode !== "agg") {
      skip("disaggregated (not modelled)");
      continue;
    }
    const chip = SYSTEM_TO_CHIP[r.system];
    const model = MODEL_TO_ID[r.model_path];
    if (chip === undefined || !chips.has(chip)) {
      skip(`system ${r.system} not in the catalog`);
      continue;
    }
    if (model === undefined || !models.has(model)) {
      skip(`model ${r.model_path} not in the catalog`);
      continue;
    }
    const ttftMs = Number(r.silicon_ttft_ms);
    const tpotMs = Number(r.silicon_tpot_ms);
    if (!(ttftMs > 0 && tpotMs > 0)) {
      skip("no TTFT/TPOT");
      continue;
    }
    const pp = int(r.pp_size, 1);
    const { tp, attentionDp, ep, batch, corrected } = parallelOf(r);
    if (corrected) correctedRows++;
    const isl = int(r.isl, 1);
    const osl = int(r.osl, 1);
    rows.push({
      id: r.id,
      chip,
      model,
      stack: r.backend,
      precision: precisionOf(r),
      tp,
      pp,
      ep,
      attentionDp,
      batch,
      isl,
      osl,
      ttftMs,
      tpotMs,
      throughput: (batch * attentionDp * osl * 1000) / (ttftMs + (osl - 1) * tpotMs),
      heldOut: isHeldOut(r.id),
      version: r.backend_version,
      namedParallel: ID_PARALLEL.test(r.id),
      // the measuring run's own record of its client count, where the source has it
      sourceConcurrency: Number(
        /silicon_concurrency=(\d+)/.exec(r.silicon_data_source ?? "")?.[1] ?? Number.NaN,
      ),
    });
  }
  return { rows: newestVersions(dedupe(rows, skip), skip), skipped, correctedRows };
}

/**
 * The disaggregated rows of the silicon sample that record both pools (prefill and decode workers,
 * layouts and the decode batch; most disaggregated rows leave them blank): { id, chip, model, stack,
 * precision, isl, osl, batch (decode sequences per attention rank), prefill and decode layouts, worker
 * counts, ttftMs, tpotMs }. Not used by the fit: the aggregated calibration is applied as it is.
 */
export function readSiliconDisaggregated(catalog, path = CSV_PATH) {
  const csv = csvRecords(catalog, path);
  if (csv === null) return null;
  const { records, chips, models } = csv;
  const rows = [];
  let incomplete = 0;
  for (const r of records) {
    if (r.mode === "agg") continue;
    const chip = SYSTEM_TO_CHIP[r.system];
    const model = MODEL_TO_ID[r.model_path];
    if (chip === undefined || !chips.has(chip) || model === undefined || !models.has(model)) continue;
    if (r.decode_num_workers === "" || r.prefill_num_workers === "" || r.decode_batch_size === "") {
      incomplete++;
      continue;
    }
    const layout = (side) => ({
      tp: int(r[`${side}_tp_size`], 1),
      pp: int(r[`${side}_pp_size`], 1),
      ep: int(r[`${side}_moe_ep_size`], 1),
      attentionDp: int(r[`${side}_attention_dp_size`], 1),
    });
    rows.push({
      id: r.id,
      chip,
      model,
      stack: r.backend,
      precision: precisionOf(r),
      isl: int(r.isl, 1),
      osl: int(r.osl, 1),
      batch: int(r.decode_batch_size, 1),
      prefill: layout("prefill"),
      decode: layout("decode"),
      prefillWorkers: int(r.prefill_num_workers, 1),
      decodeWorkers: int(r.decode_num_workers, 1),
      ttftMs: Number(r.silicon_ttft_ms),
      tpotMs: Number(r.silicon_tpot_ms),
    });
  }
  return { rows, incomplete };
}

/** `…_tp8_ep8_…` or `…_tp8_0_ep8_0_…` in a row id: the layout the run was launched with. */
const ID_PARALLEL = /_tp(\d+)(?:_0)?_ep(\d+)(?:_0)?_/;
/** `…_tp8_epnone_…`: an id naming its tensor-parallel chips and no expert parallelism. */
const ID_TP_ONLY = /_tp(\d+)(?:_0)?_epnone_/;

/**
 * Parallel sizes of a CSV row. Part of the sample's 2026-04-06 export records a run named `tpX_epY`
 * (X chips, expert parallel Y) with its tensor- or attention-DP size multiplied by Y (tp_size 64 for
 * `tp8_ep8`, attention_dp 64 for an attention-DP `tp8_ep8`, tp 4 × dp 4 for vLLM `tp4_ep4`) and the
 * per-rank batch divided by the same factor; the same measurements appear, value for value, in rows
 * whose columns give X chips. Where the id names tpX_epY and tp·dp = X·Y ≠ X, the factor Y comes off
 * the attention-DP size where it divides it, else off tp, and the batch is rescaled to keep the
 * concurrency (batch·dp) the row ran at. Rows with a `cfgN` id show the same export as MoE TP X and
 * EP Y both above 1 with tp·dp = X·Y, or as tp X × attention-DP Y with EP X·Y (every such row with a
 * named layout is `tpX_epY`), and are read the same way. The concurrency kept is the one the id names
 * (`_c32_`) where it does: one attention-DP `c32_tp8_ep8` run records 32 per rank over 64 ranks, which
 * batch·dp would read as 2,048 clients. (Elsewhere batch_size is kept even where the id's concurrency
 * disagrees: TensorRT-LLM's 4000x1000 / 2000x500 / 15000x500 runs record batch_size = concurrency ÷ tp or
 * less; the id's concurrency, or attention DP over the tp chips, fits some better and others worse, and
 * the DeepSeek-R1 NVFP4 ones measure 85–92 ms TPOT at every concurrency from 40 to 224, which no reading
 * reproduces.)
 */
export function parallelOf(r) {
  let tp = int(r.tp_size, 1);
  let attentionDp = int(r.attention_dp_size, 1);
  let batch = int(r.batch_size, 1);
  const ep = int(r.moe_ep_size, 1);
  const moeTp = int(r.moe_tp_size, 1);
  const named = ID_PARALLEL.exec(r.id);
  // an id naming tp X with no EP (`_tp8_epnone_`) names its chips: MoE TP × EP inside it is the
  // TensorRT-LLM split of those X chips (attention TP 4 with MoE TP 2 × EP 2), not an inflated export
  const tpOnly = ID_TP_ONLY.exec(r.id);
  if (named === null && tpOnly !== null && Number(tpOnly[1]) === tp * attentionDp)
    return { tp, attentionDp, ep, batch, corrected: false };
  // without a layout in the id, the same export shows as MoE TP X × EP Y both > 1 (runs with a named
  // layout never combine them) multiplying out to tp·dp, or as tp X × attention-DP Y with EP X·Y (vLLM)
  let columns = null;
  if (moeTp > 1 && ep > 1 && moeTp * ep === tp * attentionDp) columns = [moeTp, ep];
  else if (moeTp === 1 && tp > 1 && attentionDp > 1 && ep === tp * attentionDp) columns = [tp, attentionDp];
  if (named === null && columns === null) return { tp, attentionDp, ep, batch, corrected: false };
  const chips = named === null ? columns[0] : Number(named[1]);
  const namedEp = named === null ? columns[1] : Number(named[2]);
  const factor = (tp * attentionDp) / chips;
  if (namedEp <= 1 || factor !== namedEp) return { tp, attentionDp, ep, batch, corrected: false };
  // the concurrency the id names, else batch·dp as recorded (they agree in all but one such row)
  const inId = ID_CONCURRENCY.exec(r.id);
  const concurrency = inId === null ? batch * attentionDp : Number(inId[1]);
  if (attentionDp % factor === 0) attentionDp /= factor;
  else tp /= factor;
  batch = Math.max(1, Math.round(concurrency / attentionDp));
  return { tp, attentionDp, ep: namedEp, batch, corrected: true };
}

/** `…_c32_…` in a row id: the number of concurrent clients the run was driven with. */
const ID_CONCURRENCY = /_c(\d+)_/;

/**
 * Keeps one row per measurement: rows of one chip, stack, precision, prompt/output lengths and
 * concurrency with the same TTFT and TPOT (to 1/100 ms) are the same run exported twice (the sample repeats runs
 * under a `cfgN` id, a dated id and a rounded gap-analysis id, and DeepSeek-R1 runs under the DeepSeek-V3
 * checkpoint name). Counting both would weigh the run twice and could put one copy in the fit and the
 * other in the held-out split. The row whose id names its layout is kept, then the unrounded one.
 */
export function dedupe(rows, skip = () => {}) {
  const kept = new Map();
  for (const row of rows) {
    // the exports print the same double with different last digits (455.1556074758992 and
    // 455.15560747589916) or rounded to 1/100 ms (a gap-analysis export: 148.61 for 148.60638657119125);
    // two runs agreeing to 1/100 ms on both TTFT and TPOT do not happen
    const key = [
      row.chip,
      row.stack,
      row.precision,
      row.isl,
      row.osl,
      row.batch * row.attentionDp,
      row.ttftMs.toFixed(2),
      row.tpotMs.toFixed(2),
    ].join("|");
    const prior = kept.get(key);
    if (prior === undefined) {
      kept.set(key, row);
      continue;
    }
    skip("duplicate of another row's measurement");
    if (preferred(row, prior)) kept.set(key, row);
  }
  return [...kept.values()];
}

/** Of two copies of a run: the one whose id names its layout, then the unrounded one, then the smaller id. */
function preferred(a, b) {
  if (a.namedParallel !== b.namedParallel) return a.namedParallel;
  const digits = (r) => String(r.ttftMs).length + String(r.tpotMs).length;
  if (digits(a) !== digits(b)) return digits(a) > digits(b);
  return a.id < b.id;
}

/** Options of prepareInference for a CSV row or a measurement. */
export function optionsOf(row, params) {
  const o = {
    precision: row.precision,
    stack: row.stack,
    tp: row.tp,
    pp: row.pp,
    ep: row.ep,
    attentionDp: row.attentionDp,
    replicas: row.replicas ?? 1,
  };
  if (row.powerCapW !== undefined) o.powerCapW = row.powerCapW;
  if (row.speculative !== undefined) o.speculative = row.speculative;
  if (row.overlap !== undefined) o.overlap = row.overlap;
  if (params !== undefined) o.params = params;
  return o;
}

const configKey = (r) =>
  `${r.model}|${r.chip}|${r.stack}|${r.precision}|${r.tp}|${r.pp}|${r.ep}|${r.attentionDp}|${r.replicas ?? 1}|${r.powerCapW ?? ""}|${r.speculative?.draftTokens ?? ""}/${r.speculative?.acceptedTokens ?? ""}|${r.overlap ?? ""}`;

/**
 * Predicts TTFT, TPOT and throughput for rows, preparing each distinct configuration once.
 * `params` overrides the efficiency parameters (the fit). Returns [{ row, ttftMs, tpotMs, throughput }];
 * rows whose estimate throws are returned with `error`.
 */
export function predict(catalog, perf, rows, params) {
  const chipById = new Map(catalog.chips.map((c) => [c.id, c]));
  const modelById = new Map(catalog.models.map((m) => [m.id, m]));
  const prepared = new Map();
  const out = servePoint();
  const results = [];
  for (const row of rows) {
    const key = configKey(row);
    let p = prepared.get(key);
    if (p === undefined) {
      try {
        p = prepareInference(modelById.get(row.model), chipById.get(row.chip), perf, optionsOf(row, params));
      } catch (error) {
        p = { error: error instanceof Error ? error.message : String(error) };
      }
      prepared.set(key, p);
    }
    if ("error" in p) {
      results.push({ row, error: p.error });
      continue;
    }
    const isl = row.isl;
    const osl = row.osl;
    const batch = row.batch === "max" ? maxThroughputBatch(p, isl, osl) : row.batch;
    serveInto(p, batch, isl, osl, out);
    results.push({
      row,
      ttftMs: out.ttftMs,
      tpotMs: out.tpotMs,
      throughput: out.outputTokensPerSec,
      batch,
      prepared: p,
    });
  }
  return results;
}

export const median = (xs) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

/** The q-quantile of xs. */
export const quantile = (xs, q) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return (s[lo] ?? 0) + ((s[hi] ?? 0) - (s[lo] ?? 0)) * (h - lo);
};

/** |pred − meas| / meas in percent. */
export const pctError = (pred, meas) => (100 * Math.abs(pred - meas)) / meas;
/** max(pred/meas, meas/pred). */
export const ratioOff = (pred, meas) => Math.max(pred / meas, meas / pred);

/** Error statistics of predictions against measured TTFT, TPOT and throughput (metrics that exist). */
export function errorStats(results) {
  const ok = results.filter((r) => r.error === undefined);
  const tpot = [];
  const ttft = [];
  const thr = [];
  let worst = 1;
  let within = 0;
  for (const r of ok) {
    const m = r.row;
    let rowWorst = 1;
    if (m.tpotMs !== undefined) {
      tpot.push(pctError(r.tpotMs, m.tpotMs));
      rowWorst = Math.max(rowWorst, ratioOff(r.tpotMs, m.tpotMs));
    }
    if (m.ttftMs !== undefined) {
      ttft.push(pctError(r.ttftMs, m.ttftMs));
      rowWorst = Math.max(rowWorst, ratioOff(r.ttftMs, m.ttftMs));
    }
    if (m.throughput !== undefined) {
      thr.push(pctError(r.throughput, m.throughput));
      rowWorst = Math.max(rowWorst, ratioOff(r.throughput, m.throughput));
    }
    worst = Math.max(worst, rowWorst);
    if (rowWorst <= 1.5) within += 1;
  }
  return {
    rows: ok.length,
    tpotMedianPct: median(tpot),
    ttftMedianPct: median(ttft),
    throughputMedianPct: median(thr),
    tpotWorstPct: tpot.length ? Math.max(...tpot) : Number.NaN,
    ttftWorstPct: ttft.length ? Math.max(...ttft) : Number.NaN,
    throughputWorstPct: thr.length ? Math.max(...thr) : Number.NaN,
    worstRatio: worst,
    /** Share of rows whose every metric is within 1.5× of the measurement, %. */
    within15Pct: ok.length ? (100 * within) / ok.length : Number.NaN,
  };
}

/** Source ids of the perf fragment when it is not merged into data/sources.yaml yet. */
export function fragmentSourceIds() {
  const path = process.env.DUALTRACK_SOURCES_FRAGMENT ?? "/tmp/dualtrack-sources-perf.yaml";
  if (!existsSync(path)) return [];
  return [...readFileSync(path, "utf8").matchAll(/^\s+- id: (\S+)/gm)].map((m) => m[1]);
}

/** "1.2.0rc6.post3" → [1, 2, 0, 6, 3]; a release sorts after its rcs; null when blank or unparsed. */
export function versionKey(version) {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:rc(\d+))?(?:\.post(\d+))?/.exec(version ?? "");
  if (m === null) return null;
  return [
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    m[4] === undefined ? Number.POSITIVE_INFINITY : Number(m[4]),
    Number(m[5] ?? 0),
  ];
}

const compareVersions = (a, b) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
};

/**
 * One software version per operating point: where the same chip, stack, model, precision, layout,
 * lengths and concurrency were measured with several stack versions, only the newest version's rows are
 * kept (the model describes the stack as it is now; TRT-LLM 1.2.0rc6.post2 and .post3 differ by up to
 * 1.6× on one point). Rows without a version are kept, as nothing orders them.
 */
export function newestVersions(rows, skip = () => {}) {
  const newest = new Map();
  const keyOf = (r) =>
    [r.chip, r.stack, r.model, r.precision, r.tp, r.pp, r.ep, r.attentionDp, r.isl, r.osl, r.batch].join("|");
  for (const r of rows) {
    const v = versionKey(r.version);
    if (v === null) continue;
    const k = keyOf(r);
    const prior = newest.get(k);
    if (prior === undefined || compareVersions(v, prior) > 0) newest.set(k, v);
  }
  return rows.filter((r) => {
    const v = versionKey(r.version);
    if (v === null || compareVersions(v, newest.get(keyOf(r))) === 0) return true;
    skip("superseded by a newer stack version at the same operating point");
    return false;
  });
}

/**
 * The TTFT scatter of the measurements themselves, per group: for each held-out row with a measured
 * neighbour at a lower and at a higher concurrency in the same configuration (chip, stack, model,
 * precision, layout, ISL/OSL), how far its TTFT sits from the straight line between them on log-log
 * axes; the median |deviation| in % over the group. A smooth model cannot follow scatter below it, so it
 * is a rough floor for the TTFT error (a rough one: real curvature, e.g. at the KV-capacity edge, counts
 * as scatter too).
 */
export function ladderScatter(allRows, heldOut) {
  const key = (r) =>
    `${r.chip}|${r.stack}|${r.model}|${r.precision}|${r.tp}|${r.pp}|${r.ep}|${r.attentionDp}|${r.isl}|${r.osl}`;
  const ladders = new Map();
  for (const r of allRows) {
    const l = ladders.get(key(r)) ?? [];
    l.push(r);
    ladders.set(key(r), l);
  }
  const per = new Map();
  for (const r of heldOut) {
    const l = (ladders.get(key(r)) ?? []).filter((x) => x.ttftMs > 0);
    const below = l.filter((x) => x.batch < r.batch).sort((a, b) => b.batch - a.batch)[0];
    const above = l.filter((x) => x.batch > r.batch).sort((a, b) => a.batch - b.batch)[0];
    if (below === undefined || above === undefined || !(r.ttftMs > 0)) continue;
    const f = Math.log(r.batch / below.batch) / Math.log(above.batch / below.batch);
    const line = (1 - f) * Math.log(below.ttftMs) + f * Math.log(above.ttftMs);
    const g = `${r.chip} | ${r.stack} | ${r.model}`;
    const list = per.get(g) ?? [];
    list.push(100 * (Math.exp(Math.abs(Math.log(r.ttftMs) - line)) - 1));
    per.set(g, list);
  }
  return new Map([...per].map(([g, list]) => [g, { pct: median(list), rows: list.length }]));
}
